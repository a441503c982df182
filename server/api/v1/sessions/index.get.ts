import { sessionOperations } from '../../../openapi/operations'
import { listSessions } from '../../../services/sessions'

/** GET /api/v1/sessions: my signed-in sessions, this one marked. */
export default defineEventHandler(async (event) => {
  const { actor, sessionId } = await requireSessionActor(event)
  await validRequest(event, sessionOperations.list)
  setResponseHeader(event, 'cache-control', 'no-store')
  return { items: await listSessions(useDrivers(), actor.id, sessionId) }
})
