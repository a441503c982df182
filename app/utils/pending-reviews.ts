/** Set in localStorage while reviews wait on this device to be sent. */
export const pendingFlag = 'atomizer-pending-reviews'
