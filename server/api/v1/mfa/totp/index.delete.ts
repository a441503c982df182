import { removeTotp } from '../../../../services/mfa/factors'

/** DELETE /api/v1/mfa/totp: remove the authenticator app → 204. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  await requireFreshSignIn(event)
  await removeTotp(useDrivers().store, actor)
  setResponseStatus(event, 204)
  return null
})
