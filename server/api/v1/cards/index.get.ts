import { cardListQuerySchema } from '#shared/schemas/study'
import { listCards } from '../../../services/cards'

/** GET /api/v1/cards: my cards with my state, a page at a time; by document or collection, phase and whether due. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  return listCards(useDrivers(), actor, validQuery(event, cardListQuerySchema))
})
