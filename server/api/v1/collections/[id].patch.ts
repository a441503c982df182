import { updateCollection } from '../../../services/collections'
import { collectionOperations } from '../../../openapi/operations'

/** PATCH /api/v1/collections/:id `{name?, description?}`: renames or redescribes the collection (owner and editors). */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { params: { id }, body: patch } = await validRequest(event, collectionOperations.patch)
  return updateCollection(useDrivers(), actor, id, patch)
})
