import { listShares } from '../../../../../services/invitations'
import { collectionOperations } from '../../../../../openapi/operations'

/** GET /api/v1/collections/:id/shares: `{items}`, accepted shares (with the user's name) and pending invitations (owner only). */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { params: { id } } = await validRequest(event, collectionOperations.shares)
  return { items: await listShares(useDrivers(), actor, 'collection', id) }
})
