import { idParamsSchema } from '#shared/schemas/common'
import { getDocument } from '../../../services/documents'

/** GET /api/v1/documents/:id: status, progress and atom count of a readable document. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { id } = validParams(event, idParamsSchema)
  return getDocument(useDrivers(), actor, id)
})
