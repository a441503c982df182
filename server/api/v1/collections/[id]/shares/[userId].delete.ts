import { unshareCollection } from '../../../../../services/collections'
import { collectionOperations } from '../../../../../openapi/operations'

/** DELETE /api/v1/collections/:id/shares/:userId: stops sharing the collection with that user (owner only). */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { params: { id, userId } } = await validRequest(event, collectionOperations.unshare)
  await unshareCollection(useDrivers(), actor, id, userId)
  setResponseStatus(event, 204)
  return null
})
