import { roleChangeSchema } from '#shared/schemas/auth'
import { idParamsSchema } from '#shared/schemas/common'
import { changeRole } from '../../../../services/accounts'

/** PUT /api/v1/users/:id/role: an admin sets a user's role. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { id } = validParams(event, idParamsSchema)
  const { role } = await validBody(event, roleChangeSchema)
  return changeRole(useDrivers().store, actor, id, role)
})
