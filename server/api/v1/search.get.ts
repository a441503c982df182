import { searchAtoms } from '../../services/search'
import { searchOperations } from '../../openapi/operations'

/** GET /api/v1/search?q=: full-text search over the atoms the user may read. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { query } = await validRequest(event, searchOperations.search)
  return searchAtoms(useDrivers(), actor, query)
})
