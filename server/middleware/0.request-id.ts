import { requestIdFrom } from '../http/request-id'

/** Every response carries a request id (the caller's, if acceptable), also found in problem details and logs. */
export default defineEventHandler((event) => {
  const requestId = requestIdFrom(getRequestHeader(event, 'x-request-id'))
  event.context.requestId = requestId
  setResponseHeader(event, 'x-request-id', requestId)
})
