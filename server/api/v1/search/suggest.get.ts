import { suggestSearches } from '../../../services/search'
import { searchOperations } from '../../../openapi/operations'

/** GET /api/v1/search/suggest?q=: completions of the word being typed, from atoms the user may read. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { query } = await validRequest(event, searchOperations.suggest)
  return suggestSearches(useDrivers(), actor, query)
})
