import { idParamsSchema } from '#shared/schemas/common'
import { getUser } from '../../../services/accounts'

/** GET /api/v1/users/:id: one user, for admins or for that user. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { id } = validParams(event, idParamsSchema)
  return getUser(useDrivers().store, actor, id)
})
