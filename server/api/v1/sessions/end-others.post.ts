import { sessionOperations } from '../../../openapi/operations'
import { endOtherSessions } from '../../../services/sessions'

/** POST /api/v1/sessions/end-others: ends every session of mine but this one → `{ended}`. */
export default defineEventHandler(async (event) => {
  const { actor, sessionId } = await requireSessionActor(event)
  await validRequest(event, sessionOperations.endOthers)
  return endOtherSessions(useDrivers(), actor.id, sessionId)
})
