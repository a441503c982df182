import { idParamsSchema, pageQuerySchema } from '#shared/schemas/common'
import { listCollectionDocuments } from '../../../../services/collections'

/** GET /api/v1/collections/:id/documents: the documents in the collection, newest first, a page at a time. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { id } = validParams(event, idParamsSchema)
  const page = validQuery(event, pageQuerySchema)
  return listCollectionDocuments(useDrivers(), actor, id, page)
})
