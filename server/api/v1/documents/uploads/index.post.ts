import { directUploadRequestSchema } from '#shared/schemas/direct-upload'
import { startDirectUpload } from '../../../../services/direct-uploads'

/**
 * POST /api/v1/documents/uploads `{filename, size, contentType}`: where the browser sends the file itself
 * (201 `{uploadId, url, method, headers, expiresAt}`), or 501 `direct-upload-unavailable` when the
 * server keeps files itself (then upload with POST /api/v1/documents).
 */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const request = await validBody(event, directUploadRequestSchema)
  const upload = await startDirectUpload(useDrivers(), useSettings(), actor, request)
  setResponseStatus(event, 201)
  return upload
})
