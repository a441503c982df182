import { listCards } from '../../../services/cards'
import { studyOperations } from '../../../openapi/operations'

/** GET /api/v1/cards: my cards with my state, a page at a time; by document or collection, phase and whether due. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { query } = await validRequest(event, studyOperations.listCards)
  return listCards(useDrivers(), actor, query)
})
