import { dueCards } from '../../../services/study'
import { studyOperations } from '../../../openapi/operations'

/** GET /api/v1/study/due: cards due now, oldest due first, then up to `newLimit` new cards in reading order. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { query } = await validRequest(event, studyOperations.due)
  return dueCards(useDrivers(), actor, query)
})
