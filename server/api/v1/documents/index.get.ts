import { listDocuments } from '../../../services/documents'
import { documentOperations } from '../../../openapi/operations'

/**
 * GET /api/v1/documents: my documents (or `scope=shared`: shared with me), a page at a time, newest first
 * unless `order=oldest`, optionally only those in some states (`status=ready,failed`).
 */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { query: { scope, cursor, limit, status, order } } = await validRequest(event, documentOperations.list)
  return listDocuments(useDrivers(), actor, scope, { cursor, limit, order, ...(status && { statuses: status }) })
})
