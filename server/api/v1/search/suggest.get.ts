import { suggestQuerySchema } from '#shared/schemas/search'
import { suggestSearches } from '../../../services/search'

/** GET /api/v1/search/suggest?q=: completions of the word being typed, from atoms the user may read. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  return suggestSearches(useDrivers(), actor, validQuery(event, suggestQuerySchema))
})
