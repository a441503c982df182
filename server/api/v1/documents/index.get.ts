import { listDocuments } from '../../../services/documents'
import { documentOperations } from '../../../openapi/operations'

/** GET /api/v1/documents: my documents (or `scope=shared`: shared with me), newest first, a page at a time. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { query: { scope, cursor, limit } } = await validRequest(event, documentOperations.list)
  return listDocuments(useDrivers(), actor, scope, { cursor, limit })
})
