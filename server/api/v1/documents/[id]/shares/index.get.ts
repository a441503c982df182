import { listShares } from '../../../../../services/invitations'
import { documentOperations } from '../../../../../openapi/operations'

/** GET /api/v1/documents/:id/shares: `{items}`, accepted shares (with the user's name) and pending invitations (owner only). */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { params: { id } } = await validRequest(event, documentOperations.shares)
  return { items: await listShares(useDrivers(), actor, 'document', id) }
})
