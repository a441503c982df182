import { listCollectionDocuments } from '../../../../services/collections'
import { collectionOperations } from '../../../../openapi/operations'

/** GET /api/v1/collections/:id/documents: the documents in the collection, newest first, a page at a time. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { params: { id }, query: page } = await validRequest(event, collectionOperations.documents)
  return listCollectionDocuments(useDrivers(), actor, id, page)
})
