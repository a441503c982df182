import { idParamsSchema } from '#shared/schemas/common'
import { getAtomLinks } from '../../../../services/atoms'

/** GET /api/v1/atoms/:id/links: titles of the atom's prerequisites, related atoms and the atoms defining its terms. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { id } = validParams(event, idParamsSchema)
  return getAtomLinks(useDrivers(), actor, id)
})
