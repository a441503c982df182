import { collectionAtomsQuerySchema } from '#shared/schemas/collection'
import { idParamsSchema } from '#shared/schemas/common'
import { listCollectionAtoms } from '../../../../services/collections'

/**
 * GET /api/v1/collections/:id/atoms: the collection's atoms in reading order (documents oldest first, each
 * document's atoms after their prerequisites), optionally `type=` and `difficulty=`, a page of up to 200 at a time.
 */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { id } = validParams(event, idParamsSchema)
  const query = validQuery(event, collectionAtomsQuerySchema)
  return listCollectionAtoms(useDrivers(), actor, id, query)
})
