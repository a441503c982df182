import { deleteCollection } from '../../../services/collections'
import { collectionOperations } from '../../../openapi/operations'

/** DELETE /api/v1/collections/:id: removes the collection and its shares (owner only); its documents stay, in no collection. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { params: { id } } = await validRequest(event, collectionOperations.delete)
  await deleteCollection(useDrivers(), actor, id)
  setResponseStatus(event, 204)
  return null
})
