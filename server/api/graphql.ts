import type { H3Event } from 'h3'
import { ProblemError, problems } from '../errors'
import type { Actor } from '../services/actor'
import { createGraphqlServer, type GraphqlServer } from '../graphql/server'

let server: GraphqlServer | undefined

/** The signed-in actor as REST sees them (a live session, an existing account), or null. */
async function sessionActor(event: H3Event): Promise<Actor | null> {
  const session = await getUserSession(event).catch(() => undefined)
  if (!session?.user || !await isSessionLive(session)) return null
  try {
    return await requireActor(event)
  }
  catch (error) {
    if (error instanceof ProblemError && error.status === 401) return null
    throw error
  }
}

/** The request as the web Request yoga reads, aborted when the client goes away (ending its subscriptions). */
function webRequest(event: H3Event): Request {
  const aborted = new AbortController()
  event.node.res.once('close', () => aborted.abort())
  const body = event.method === 'GET' || event.method === 'HEAD' ? undefined : getRequestWebStream(event)
  return new Request(getRequestURL(event), { method: event.method, headers: event.headers, body, signal: aborted.signal, duplex: 'half' } as RequestInit)
}

/** GET, POST /api/graphql: the GraphQL API (subscriptions as server-sent events); see README "GraphQL". */
export default defineEventHandler(async (event) => {
  const settings = useSettings()
  // Text uploads are the largest requests: JSON may escape their bytes, hence the room above the upload limit.
  const length = Number(getRequestHeader(event, 'content-length') ?? 0)
  if (length > settings.maxUploadBytes * 2 + 64 * 1024) throw problems.tooLarge(settings.maxUploadBytes)
  server ??= createGraphqlServer({ drivers: useDrivers(), config: settings, graphiql: import.meta.dev })
  return server.fetch(webRequest(event), { actor: await sessionActor(event) })
})
