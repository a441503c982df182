import { dueQuerySchema } from '#shared/schemas/study'
import { dueCards } from '../../../services/study'

/** GET /api/v1/study/due: cards due now, oldest due first, then up to `newLimit` new cards in reading order. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  return dueCards(useDrivers(), actor, validQuery(event, dueQuerySchema))
})
