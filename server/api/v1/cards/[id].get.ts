import { getCard } from '../../../services/cards'
import { studyOperations } from '../../../openapi/operations'

/** GET /api/v1/cards/:id: one card of an atom I may read, with my state (null if never reviewed). */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { params: { id } } = await validRequest(event, studyOperations.getCard)
  return getCard(useDrivers(), actor, id)
})
