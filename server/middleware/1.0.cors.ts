import { problems } from '../errors'
import { corsHeaders, isCorsOrigin } from '../http/cors'

/**
 * CORS for the API (REST and GraphQL): pages of the origins in NUXT_CORS_ORIGINS may call it with a bearer
 * token. Preflights are answered here, before sign-in is asked for; one from any other origin is refused.
 */
export default defineEventHandler((event) => {
  if (!event.path.startsWith('/api/')) return
  const origin = getRequestHeader(event, 'origin')
  if (!origin) return
  appendResponseHeader(event, 'vary', 'origin')
  const preflight = event.method === 'OPTIONS' && !!getRequestHeader(event, 'access-control-request-method')
  const allowed = isCorsOrigin(origin, useConfig().corsOrigins)
  if (allowed) setResponseHeaders(event, corsHeaders(origin, preflight))
  if (!preflight) return
  if (!allowed) throw problems.forbidden(`Pages of ${origin} may not call this API.`)
  appendResponseHeader(event, 'vary', 'access-control-request-method, access-control-request-headers')
  setResponseStatus(event, 204)
  return null
})
