import { removeInvitation } from '../../../services/invitations'
import { invitationOperations } from '../../../openapi/operations'

/** DELETE /api/v1/invitations/:id: the invitee declines, or the owner withdraws the invitation → 204. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { params: { id } } = await validRequest(event, invitationOperations.remove)
  await removeInvitation(useDrivers(), actor, id)
  setResponseStatus(event, 204)
  return null
})
