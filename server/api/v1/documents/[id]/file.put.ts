import { idParamsSchema } from '#shared/schemas/common'
import { replaceDocumentFile } from '../../../../services/documents'

/** PUT /api/v1/documents/:id/file: uploads an edited version (multipart `file`); unchanged atoms keep their ids (owner only). */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  await enforceRateLimit('uploads', actor.id)
  const { id } = validParams(event, idParamsSchema)
  const document = await replaceDocumentFile(useDrivers(), useSettings(), actor, id, await readUpload(event))
  setResponseStatus(event, 202)
  return document
})
