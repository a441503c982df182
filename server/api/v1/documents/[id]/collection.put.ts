import { moveDocument } from '../../../../services/collections'
import { documentOperations } from '../../../../openapi/operations'

/**
 * PUT /api/v1/documents/:id/collection `{collectionId}`: moves the document into that collection, or out of
 * any with null; needs the right to change the document and the collection → the document.
 */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { params: { id }, body: { collectionId } } = await validRequest(event, documentOperations.move)
  return moveDocument(useDrivers(), actor, id, collectionId)
})
