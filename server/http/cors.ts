import { listSetting } from './trust'

/** Request headers a token client may send across origins. */
const allowedHeaders = 'authorization, content-type, if-none-match, if-match, x-request-id'
/** Response headers a token client's page may read. */
const exposedHeaders = 'etag, location, retry-after, x-request-id'
const allowedMethods = 'GET, HEAD, POST, PUT, PATCH, DELETE'
/** How long a browser may keep a preflight's answer. */
const preflightSeconds = 600

/** Whether `origin` is on the CORS allow-list (a comma-separated setting of origins). */
export function isCorsOrigin(origin: string | undefined, corsOrigins: string): origin is string {
  return !!origin && listSetting(corsOrigins).includes(origin)
}

/**
 * CORS headers for a page of an allowed origin calling the API with a bearer token. Never
 * `Access-Control-Allow-Credentials`: a browser then sends no cookie across origins and reads no answer
 * to one, so only the token, which that page holds itself, can authorize its requests.
 */
export function corsHeaders(origin: string, preflight: boolean): Record<string, string> {
  const headers: Record<string, string> = { 'access-control-allow-origin': origin }
  if (preflight) {
    headers['access-control-allow-methods'] = allowedMethods
    headers['access-control-allow-headers'] = allowedHeaders
    headers['access-control-max-age'] = String(preflightSeconds)
  }
  else {
    headers['access-control-expose-headers'] = exposedHeaders
  }
  return headers
}
