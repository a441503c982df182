import { completeDirectUpload } from '../../../../../services/direct-uploads'
import { documentOperations } from '../../../../../openapi/operations'

/** POST /api/v1/documents/uploads/:uploadId/complete `{title?}`: the uploaded file becomes a document → 202 `{id, status}`. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { params: { uploadId }, body: { title } } = await validRequest(event, documentOperations.completeDirectUpload)
  const document = await completeDirectUpload(useDrivers(), useConfig(), actor, uploadId, title)
  setResponseStatus(event, 202)
  return { id: document.id, status: document.status }
})
