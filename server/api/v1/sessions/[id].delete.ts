import { sessionOperations } from '../../../openapi/operations'
import { endOwnSession } from '../../../services/sessions'

/** DELETE /api/v1/sessions/:id: ends one of my sessions → 204; ending this one signs out here too. */
export default defineEventHandler(async (event) => {
  const { actor, sessionId } = await requireSessionActor(event)
  const { params: { id } } = await validRequest(event, sessionOperations.end)
  const { wasCurrent } = await endOwnSession(useDrivers(), actor.id, id, sessionId)
  if (wasCurrent) await clearUserSession(event)
  setResponseStatus(event, 204)
  return null
})
