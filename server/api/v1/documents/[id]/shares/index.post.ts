import { shareByEmail } from '../../../../../services/invitations'
import { documentOperations } from '../../../../../openapi/operations'

/**
 * POST /api/v1/documents/:id/shares `{email}`: invites the email to read the document (owner only) → 202, the
 * pending invitation, whether or not the email has an account; 200 for a user who already accepted.
 */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { params: { id }, body: { email } } = await validRequest(event, documentOperations.share)
  const share = await shareByEmail(useDrivers(), actor, 'document', id, email, 'viewer')
  setResponseStatus(event, share.status === 'pending' ? 202 : 200)
  return share
})
