import { changeRole } from '../../../../services/accounts'
import { authOperations } from '../../../../openapi/operations'

/** PUT /api/v1/users/:id/role: an admin sets a user's role. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { params: { id }, body: { role } } = await validRequest(event, authOperations.changeRole)
  return changeRole(useDrivers().store, actor, id, role)
})
