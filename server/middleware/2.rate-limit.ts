import { operationAt } from '../openapi/match'

/**
 * Costly operations (those whose OpenAPI operation names a `rateLimit`) count against the signed-in
 * user's allowance, or the client address's when signed out, before anything of the request is read.
 */
export default defineEventHandler(async (event) => {
  const bucket = operationAt(event.method, event.path)?.rateLimit
  if (!bucket) return
  const { user } = await getUserSession(event)
  await enforceRateLimit(bucket, user ? user.id : requestAddress(event))
})
