import { getUser } from '../../../services/accounts'
import { authOperations } from '../../../openapi/operations'

/** GET /api/v1/users/:id: one user, for admins or for that user. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { params: { id } } = await validRequest(event, authOperations.getUser)
  return getUser(useDrivers().store, actor, id)
})
