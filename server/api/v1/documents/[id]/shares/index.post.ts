import { shareDocument } from '../../../../../services/documents'
import { documentOperations } from '../../../../../openapi/operations'

/** POST /api/v1/documents/:id/shares: lets another user (by email) read the document (owner only). */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { params: { id }, body: { email } } = await validRequest(event, documentOperations.share)
  await shareDocument(useDrivers(), actor, id, email)
  setResponseStatus(event, 204)
  return null
})
