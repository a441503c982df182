import type { H3Event } from 'h3'
import { graphiqlContentSecurityPolicy } from '../http/security-headers'
import { createGraphqlServer, type GraphqlServer } from '../graphql/server'
import type { GraphqlServerContext } from '../graphql/context'

let server: GraphqlServer | undefined

/**
 * Who is asking, as REST sees them: a bearer token (401 problem details when it is not valid) or a live
 * session of an existing account, with what they may do; or nobody.
 */
async function callerContext(event: H3Event): Promise<GraphqlServerContext> {
  const identified = await identifyCaller(event)
  // A session that may only set up a second factor (the MFA policy) is no one to GraphQL.
  if (!identified || (identified.caller.via === 'session' && identified.caller.enrolmentOnly)) return { actor: null, scopes: [] }
  const { caller } = identified
  const credential = caller.via === 'session'
    ? { sessionId: caller.sessionId }
    : caller.via === 'token' ? { tokenId: caller.tokenId } : { client: { id: caller.clientId, expiresAt: caller.expiresAt } }
  return { actor: caller.actor, scopes: caller.scopes, ...credential }
}

/**
 * The request as the web Request yoga reads, aborted when the client goes away (ending its subscriptions).
 * The body is read whole first, capped at the GraphQL body limit (server/middleware/3.body-limit.ts).
 */
async function webRequest(event: H3Event): Promise<Request> {
  const aborted = new AbortController()
  event.node.res.once('close', () => aborted.abort())
  // Read from a socket, so backed by a plain ArrayBuffer.
  const body = event.method === 'GET' || event.method === 'HEAD' ? undefined : await readRawBody(event, false) as Uint8Array<ArrayBuffer> | undefined
  return new Request(getRequestURL(event), { method: event.method, headers: event.headers, body, signal: aborted.signal })
}

/** GET, POST /api/graphql: the GraphQL API (subscriptions as server-sent events); see docs/api.md, "GraphQL". */
export default defineEventHandler(async (event) => {
  server ??= createGraphqlServer({ drivers: useDrivers(), config: useConfig(), graphiql: import.meta.dev })
  const response = await server.fetch(await webRequest(event), await callerContext(event))
  if (import.meta.dev && response.headers.get('content-type')?.startsWith('text/html')) {
    setResponseHeader(event, 'content-security-policy', graphiqlContentSecurityPolicy)
  }
  return response
})
