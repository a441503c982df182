import { startDirectUpload } from '../../../../services/direct-uploads'
import { documentOperations } from '../../../../openapi/operations'

/**
 * POST /api/v1/documents/uploads `{filename, size, contentType}`: where the browser sends the file itself
 * (201 `{uploadId, url, method, headers, expiresAt}`), or 501 `direct-upload-unavailable` when the
 * server keeps files itself (then upload with POST /api/v1/documents).
 */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { body: request } = await validRequest(event, documentOperations.startDirectUpload)
  const upload = await startDirectUpload(useDrivers(), useConfig(), actor, request)
  setResponseStatus(event, 201)
  return upload
})
