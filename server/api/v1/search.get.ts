import { searchQuerySchema } from '#shared/schemas/search'
import { searchAtoms } from '../../services/search'

/** GET /api/v1/search?q=: full-text search over the atoms the user may read. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  return searchAtoms(useDrivers(), actor, validQuery(event, searchQuerySchema))
})
