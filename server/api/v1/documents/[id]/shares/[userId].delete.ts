import { unshareDocument } from '../../../../../services/documents'
import { documentOperations } from '../../../../../openapi/operations'

/** DELETE /api/v1/documents/:id/shares/:userId: stops sharing the document with that user (owner only). */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { params: { id, userId } } = await validRequest(event, documentOperations.unshare)
  await unshareDocument(useDrivers(), actor, id, userId)
  setResponseStatus(event, 204)
  return null
})
