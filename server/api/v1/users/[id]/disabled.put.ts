import { signInOperations } from '../../../../openapi/operations'
import { setAccountDisabled } from '../../../../services/accounts'

/** PUT /api/v1/users/:id/disabled `{disabled}`: admins disable or enable an account → 200, the user. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { params: { id }, body: { disabled } } = await validRequest(event, signInOperations.setUserDisabled)
  return setAccountDisabled(useDrivers(), actor, id, disabled)
})
