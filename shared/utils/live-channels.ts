import type { LiveChannel } from '../schemas/live'

// Event-bus channel names; plain functions apart from the schemas, so the browser can use them without zod.
export const documentChannel = (documentId: string) => `document:${documentId}`
export const collectionChannel = (collectionId: string) => `collection:${collectionId}`
export const userChannel = (userId: string) => `user:${userId}`
/** The event-bus channel of a subscription. */
export const channelName = ({ kind, id }: LiveChannel) => `${kind}:${id}`
