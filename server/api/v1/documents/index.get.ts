import { documentListQuerySchema } from '#shared/schemas/document'
import { listDocuments } from '../../../services/documents'

/** GET /api/v1/documents: my documents (or `scope=shared`: shared with me), newest first, a page at a time. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { scope, cursor, limit } = validQuery(event, documentListQuerySchema)
  return listDocuments(useDrivers(), actor, scope, { cursor, limit })
})
