import { renewRecoveryCodes } from '../../../services/mfa/factors'

/** POST /api/v1/mfa/recovery-codes: ten new recovery codes → 201, shown this once; the old ones stop working. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  await requireFreshSignIn(event)
  const recoveryCodes = await renewRecoveryCodes(useDrivers().store, actor.id)
  setResponseStatus(event, 201)
  setResponseHeader(event, 'cache-control', 'no-store')
  return { recoveryCodes }
})
