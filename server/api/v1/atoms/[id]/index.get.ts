import { idParamsSchema } from '#shared/schemas/common'
import { getAtom } from '../../../../services/atoms'

/** GET /api/v1/atoms/:id: one atom of a readable document. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { id } = validParams(event, idParamsSchema)
  return getAtom(useDrivers(), actor, id)
})
