import { operationAt } from '../openapi/match'

/**
 * Costly operations (those whose OpenAPI operation names a `rateLimit`) count against the caller's user's
 * allowance (whether they came with the cookie or a token, as identified by 1.auth.ts), or the client
 * address's when signed out, before anything of the request is read.
 */
export default defineEventHandler(async (event) => {
  const bucket = operationAt(event.method, event.path)?.rateLimit
  if (!bucket) return
  const userId = event.context.identified?.user.id ?? (await getUserSession(event)).user?.id
  await enforceRateLimit(bucket, userId ?? requestAddress(event))
})
