import { listCollectionDocuments } from '../../../../services/collections'
import { collectionOperations } from '../../../../openapi/operations'

/** GET /api/v1/collections/:id/documents: the documents in the collection, a page at a time; `status` and `order` as for my documents. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { params: { id }, query: { cursor, limit, status, order } } = await validRequest(event, collectionOperations.documents)
  return listCollectionDocuments(useDrivers(), actor, id, { cursor, limit, order, ...(status && { statuses: status }) })
})
