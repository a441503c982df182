import { mfaOperations } from '../../../openapi/operations'
import { setMfaPolicy } from '../../../services/mfa/policy'

/** PUT /api/v1/admin/mfa-policy `{required}`: set who must have a second factor (admins). */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { body } = await validRequest(event, mfaOperations.setPolicy)
  return setMfaPolicy(useDrivers().store, actor, body)
})
