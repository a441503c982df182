import { listCollectionShares } from '../../../../../services/collections'
import { collectionOperations } from '../../../../../openapi/operations'

/** GET /api/v1/collections/:id/shares: `{items: [{userId, email, name, role}]}`, who the collection is shared with (owner only). */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { params: { id } } = await validRequest(event, collectionOperations.shares)
  return { items: await listCollectionShares(useDrivers(), actor, id) }
})
