import { createHmac, timingSafeEqual } from 'node:crypto'

/** Methods that change nothing; every other method is checked. */
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS'])

/** The header a client without a browser's Origin or Sec-Fetch-Site sends its token in. */
export const csrfTokenHeader = 'x-csrf-token'

/** What the browser (or client) told about a request, as far as forgery is concerned. */
export interface RequestOrigin {
  method: string
  /** The `Sec-Fetch-Site` header: every current browser sends it. */
  fetchSite?: string
  /** The `Origin` header: browsers send it on every POST, PUT, PATCH and DELETE. */
  origin?: string
  /** The `Host` header, the server's own host as the client addressed it. */
  host?: string
  /** The request carries `Authorization: Bearer …`: no browser adds that to a forged request. */
  bearer: boolean
  /** The request carries the session cookie. */
  sessionCookie: boolean
}

/** `allow`; `cross-site` when the browser said so; `token` when no header tells and the cookie needs a token. */
export type CsrfVerdict = 'allow' | 'cross-site' | 'token'

/** Whether `origin` is the server's own (scheme aside: a TLS-ending proxy changes it, the host does not). */
export function isSameOrigin(origin: string, host: string | undefined): boolean {
  if (!host) return false
  try {
    return new URL(origin).host === host
  }
  catch {
    // `null` (sandboxed frames, data: pages) and anything that is not a URL.
    return false
  }
}

/**
 * Cross-site request forgery, as browsers let the server see it: a request that changes state is allowed
 * with a bearer token, or when `Sec-Fetch-Site` says same-origin (or `none`, typed by the user), or, from
 * browsers without that header, when `Origin` is the server's own. A request without either header does
 * not come from a browser page; with the session cookie it must carry the session's token instead.
 * Login and registration are checked too, so a foreign page cannot sign a reader into its account.
 */
export function csrfVerdict(request: RequestOrigin): CsrfVerdict {
  if (safeMethods.has(request.method.toUpperCase()) || request.bearer) return 'allow'
  const fetchSite = request.fetchSite?.toLowerCase()
  if (fetchSite) return fetchSite === 'same-origin' || fetchSite === 'none' ? 'allow' : 'cross-site'
  if (request.origin) return isSameOrigin(request.origin, request.host) ? 'allow' : 'cross-site'
  return request.sessionCookie ? 'token' : 'allow'
}

/** The anti-forgery token of a session: an HMAC of its id, so nothing more is stored and it ends with the session. */
export function csrfTokenOf(sessionId: string, secret: string): string {
  return createHmac('sha256', secret).update(`csrf:${sessionId}`).digest('base64url')
}

/** Whether `token` is the session's, compared in constant time. */
export function isCsrfToken(token: string | undefined, sessionId: string, secret: string): boolean {
  if (!token) return false
  const expected = Buffer.from(csrfTokenOf(sessionId, secret))
  const given = Buffer.from(token)
  return given.length === expected.length && timingSafeEqual(given, expected)
}
