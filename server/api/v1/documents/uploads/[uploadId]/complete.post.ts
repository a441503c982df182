import { completeUploadSchema, uploadIdParamsSchema } from '#shared/schemas/direct-upload'
import { completeDirectUpload } from '../../../../../services/direct-uploads'

/** POST /api/v1/documents/uploads/:uploadId/complete `{title?}`: the uploaded file becomes a document → 202 `{id, status}`. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { uploadId } = validParams(event, uploadIdParamsSchema)
  const { title } = await validBody(event, completeUploadSchema)
  const document = await completeDirectUpload(useDrivers(), useSettings(), actor, uploadId, title)
  setResponseStatus(event, 202)
  return { id: document.id, status: document.status }
})
