import { mfaStatus } from '../../../services/mfa/factors'

/** GET /api/v1/mfa: my second factors, never their secrets. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  setResponseHeader(event, 'cache-control', 'no-store')
  return mfaStatus(useDrivers().store, actor, await freshUntil(event))
})
