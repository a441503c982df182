import { getDocument } from '../../../services/documents'
import { documentOperations } from '../../../openapi/operations'

/** GET /api/v1/documents/:id: status, progress and atom count of a readable document. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { params: { id } } = await validRequest(event, documentOperations.get)
  return getDocument(useDrivers(), actor, id)
})
