import { userListQuerySchema } from '#shared/schemas/auth'
import { listUsers } from '../../../services/accounts'

/** GET /api/v1/users: admins list users, newest first; `q` matches part of the email or name, `role` filters. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { cursor, limit, q, role } = validQuery(event, userListQuerySchema)
  return listUsers(useDrivers().store, actor, { cursor, limit, ...(q && { query: q }), ...(role && { role }) })
})
