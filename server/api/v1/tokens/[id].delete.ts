import { tokenOperations } from '../../../openapi/operations'
import { revokeToken } from '../../../services/tokens'

/** DELETE /api/v1/tokens/:id: revoke one of my tokens → 204. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { params: { id } } = await validRequest(event, tokenOperations.revoke)
  await revokeToken(useDrivers().store, actor, id)
  setResponseStatus(event, 204)
  return null
})
