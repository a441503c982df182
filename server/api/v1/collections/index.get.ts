import { listCollections } from '../../../services/collections'
import { collectionOperations } from '../../../openapi/operations'

/** GET /api/v1/collections: my collections and those shared with me, newest first, a page at a time, each with my role. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { query: page } = await validRequest(event, collectionOperations.list)
  return listCollections(useDrivers(), actor, page)
})
