import { reprocessDocument } from '../../../../services/documents'
import { documentOperations } from '../../../../openapi/operations'

/** POST /api/v1/documents/:id/reprocess: atomizes the stored file again (owner only). */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { params: { id } } = await validRequest(event, documentOperations.reprocess)
  const document = await reprocessDocument(useDrivers(), actor, id)
  setResponseStatus(event, 202)
  return document
})
