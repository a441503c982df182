import { cardParamsSchema } from '#shared/schemas/study'
import { getCard } from '../../../services/cards'

/** GET /api/v1/cards/:id: one card of an atom I may read, with my state (null if never reviewed). */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { id } = validParams(event, cardParamsSchema)
  return getCard(useDrivers(), actor, id)
})
