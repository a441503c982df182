import { acceptInvitation } from '../../../../services/invitations'
import { invitationOperations } from '../../../../openapi/operations'

/** POST /api/v1/invitations/:id/accept: the invitee accepts; the share takes effect → 200, the invitation. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { params: { id } } = await validRequest(event, invitationOperations.accept)
  return acceptInvitation(useDrivers(), actor, id)
})
