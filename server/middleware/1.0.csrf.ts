import { problems } from '../errors'
import { csrfTokenHeader, csrfVerdict, isCsrfToken } from '../http/csrf'
import { requestedHost } from '../http/trust'

/** The session cookie nuxt-auth-utils sets. */
const sessionCookie = 'nuxt-session'

/**
 * Cross-site request forgery (server/http/csrf.ts): a request that changes state, on any route (REST,
 * GraphQL, the session endpoints), is refused unless the browser says it comes from the app's own pages,
 * or it carries a bearer token, or, from a client that sends neither Origin nor Sec-Fetch-Site, the
 * session's token in X-CSRF-Token. The live WebSocket checks its upgrade's Origin itself (routes/_ws.ts).
 */
export default defineEventHandler(async (event) => {
  const verdict = csrfVerdict({
    method: event.method,
    fetchSite: getRequestHeader(event, 'sec-fetch-site'),
    origin: getRequestHeader(event, 'origin'),
    host: requestedHost(event.node.req, useConfig().trustedProxies),
    bearer: !!bearerSecret(getRequestHeader(event, 'authorization')),
    sessionCookie: !!getCookie(event, sessionCookie),
  })
  if (verdict === 'allow') return
  if (verdict === 'cross-site') throw problems.crossSite('This request came from another site\'s page; only the app\'s own pages may change anything with its session.')
  const session = await getUserSession(event).catch(() => undefined)
  const sessionId = session?.secure?.sessionId
  if (sessionId && isCsrfToken(getRequestHeader(event, csrfTokenHeader), sessionId, csrfSecret())) return
  throw problems.crossSite(`A request without Origin or Sec-Fetch-Site needs the session's token in ${csrfTokenHeader} (GET /api/v1/auth/csrf-token).`)
})
