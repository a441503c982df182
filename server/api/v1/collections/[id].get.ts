import { getCollection } from '../../../services/collections'
import { collectionOperations } from '../../../openapi/operations'

/** GET /api/v1/collections/:id: a collection I own or that is shared with me, with my role and its document count. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { params: { id } } = await validRequest(event, collectionOperations.get)
  return getCollection(useDrivers(), actor, id)
})
