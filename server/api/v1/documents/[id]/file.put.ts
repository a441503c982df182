import { replaceDocumentFile } from '../../../../services/documents'
import { documentOperations } from '../../../../openapi/operations'

/** PUT /api/v1/documents/:id/file: uploads an edited version (multipart `file`); unchanged atoms keep their ids (owner only). */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { params: { id } } = await validRequest(event, documentOperations.replaceFile)
  const document = await replaceDocumentFile(useDrivers(), useConfig(), actor, id, await readUpload(event))
  setResponseStatus(event, 202)
  return document
})
