import { oauthOperations } from '../../../../openapi/operations'
import { revokeClient } from '../../../../services/oauth-clients'

/** DELETE /api/v1/oauth/clients/:id: revokes a machine client → 204 (admins). */
export default defineEventHandler(async (event) => {
  const { actor } = await requireSessionActor(event)
  const { params: { id } } = await validRequest(event, oauthOperations.revokeClient)
  await revokeClient(useDrivers(), actor, id)
  setResponseStatus(event, 204)
  return null
})
