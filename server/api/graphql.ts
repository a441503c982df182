import type { H3Event } from 'h3'
import { ProblemError } from '../errors'
import type { Actor } from '../services/actor'
import { createGraphqlServer, type GraphqlServer } from '../graphql/server'
import type { GraphqlServerContext } from '../graphql/context'

let server: GraphqlServer | undefined

/** The signed-in actor as REST sees them (a live session, an existing account) with their session, or none. */
async function sessionActor(event: H3Event): Promise<GraphqlServerContext> {
  const session = await getUserSession(event).catch(() => undefined)
  const sessionId = session?.secure?.sessionId
  if (!session?.user || !sessionId || !await isSessionLive(session)) return { actor: null }
  try {
    const actor: Actor = await requireActor(event)
    return { actor, sessionId }
  }
  catch (error) {
    if (error instanceof ProblemError && error.status === 401) return { actor: null }
    throw error
  }
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
  return server.fetch(await webRequest(event), await sessionActor(event))
})
