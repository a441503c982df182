import { idParamsSchema, pageQuerySchema } from '#shared/schemas/common'
import { listAtoms } from '../../../../services/atoms'

/** GET /api/v1/documents/:id/atoms: the document's atoms in reading order, a page at a time. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { id } = validParams(event, idParamsSchema)
  const page = validQuery(event, pageQuerySchema)
  return listAtoms(useDrivers(), actor, id, page)
})
