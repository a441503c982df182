import { idParamsSchema } from '#shared/schemas/common'
import { documentPageQuerySchema } from '#shared/schemas/document'
import { listCollectionDocuments } from '../../../../services/collections'

/** GET /api/v1/collections/:id/documents: the documents in the collection, a page at a time; `status` and `order` as for my documents. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { id } = validParams(event, idParamsSchema)
  const { cursor, limit, status, order } = validQuery(event, documentPageQuerySchema)
  return listCollectionDocuments(useDrivers(), actor, id, { cursor, limit, order, ...(status && { statuses: status }) })
})
