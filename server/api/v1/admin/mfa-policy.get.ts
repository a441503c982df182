import { problems } from '../../../errors'
import { getMfaPolicy } from '../../../services/mfa/policy'

/** GET /api/v1/admin/mfa-policy: who must have a second factor (admins; the scope check is the middleware's). */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  if (actor.role !== 'admin') throw problems.forbidden('Only an admin can see the MFA policy.')
  return getMfaPolicy(useDrivers().store)
})
