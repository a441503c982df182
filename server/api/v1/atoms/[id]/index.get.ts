import { getAtom } from '../../../../services/atoms'
import { atomOperations } from '../../../../openapi/operations'

/** GET /api/v1/atoms/:id: one atom of a readable document. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { params: { id } } = await validRequest(event, atomOperations.get)
  return getAtom(useDrivers(), actor, id)
})
