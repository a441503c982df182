import { startTotpEnrolment } from '../../../../services/mfa/totp'

/** POST /api/v1/mfa/totp: a new authenticator app's secret and QR code → 201, shown this once. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  await requireFreshSignIn(event)
  const enrolment = await startTotpEnrolment(useDrivers().store, sealingKey(), actor)
  setResponseStatus(event, 201)
  setResponseHeader(event, 'cache-control', 'no-store')
  return enrolment
})
