import { cancelDocument } from '../../../../services/documents'
import { documentOperations } from '../../../../openapi/operations'

/** POST /api/v1/documents/:id/cancel: stops processing; the document ends failed with "Cancelled." (owner only). */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { params: { id } } = await validRequest(event, documentOperations.cancel)
  return cancelDocument(useDrivers(), actor, id)
})
