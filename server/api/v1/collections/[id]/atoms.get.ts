import { listCollectionAtoms } from '../../../../services/collections'
import { collectionOperations } from '../../../../openapi/operations'

/**
 * GET /api/v1/collections/:id/atoms: the collection's atoms in reading order (documents oldest first, each
 * document's atoms after their prerequisites), optionally `type=` and `difficulty=`, a page of up to 200 at a time.
 */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { params: { id }, query } = await validRequest(event, collectionOperations.atoms)
  return listCollectionAtoms(useDrivers(), actor, id, query)
})
