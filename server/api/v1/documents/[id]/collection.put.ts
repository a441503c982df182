import { documentCollectionSchema } from '#shared/schemas/collection'
import { idParamsSchema } from '#shared/schemas/common'
import { moveDocument } from '../../../../services/collections'

/**
 * PUT /api/v1/documents/:id/collection `{collectionId}`: moves the document into that collection, or out of
 * any with null; needs the right to change the document and the collection → the document.
 */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { id } = validParams(event, idParamsSchema)
  const { collectionId } = await validBody(event, documentCollectionSchema)
  return moveDocument(useDrivers(), actor, id, collectionId)
})
