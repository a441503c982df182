import { getAtomLinks } from '../../../../services/atoms'
import { atomOperations } from '../../../../openapi/operations'

/** GET /api/v1/atoms/:id/links: titles of the atom's prerequisites, related atoms and the atoms defining its terms. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { params: { id } } = await validRequest(event, atomOperations.links)
  return getAtomLinks(useDrivers(), actor, id)
})
