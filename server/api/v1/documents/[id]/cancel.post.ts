import { idParamsSchema } from '#shared/schemas/common'
import { cancelDocument } from '../../../../services/documents'

/** POST /api/v1/documents/:id/cancel: stops processing; the document ends failed with "Cancelled." (owner only). */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { id } = validParams(event, idParamsSchema)
  return cancelDocument(useDrivers(), actor, id)
})
