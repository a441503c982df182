import { idParamsSchema } from '#shared/schemas/common'
import { reprocessDocument } from '../../../../services/documents'

/** POST /api/v1/documents/:id/reprocess: atomizes the stored file again (owner only). */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { id } = validParams(event, idParamsSchema)
  const document = await reprocessDocument(useDrivers(), actor, id)
  setResponseStatus(event, 202)
  return document
})
