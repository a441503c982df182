import { shareByEmail } from '../../../../../services/invitations'
import { collectionOperations } from '../../../../../openapi/operations'

/**
 * POST /api/v1/collections/:id/shares `{email, role}`: invites the email as viewer or editor (owner only) → 202,
 * the pending invitation, whether or not the email has an account; 200 and the new role for a user who already accepted.
 */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { params: { id }, body: { email, role } } = await validRequest(event, collectionOperations.share)
  const share = await shareByEmail(useDrivers(), actor, 'collection', id, email, role)
  setResponseStatus(event, share.status === 'pending' ? 202 : 200)
  return share
})
