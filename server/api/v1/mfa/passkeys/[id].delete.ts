import { mfaOperations } from '../../../../openapi/operations'
import { removePasskey } from '../../../../services/mfa/factors'

/** DELETE /api/v1/mfa/passkeys/:id: remove one of my passkeys → 204. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { params } = await validRequest(event, mfaOperations.removePasskey)
  await requireFreshSignIn(event)
  await removePasskey(useDrivers().store, actor, params.id)
  setResponseStatus(event, 204)
  return null
})
