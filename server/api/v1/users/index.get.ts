import { listUsers } from '../../../services/accounts'
import { authOperations } from '../../../openapi/operations'

/** GET /api/v1/users: admins list users, newest first; `q` matches part of the email or name, `role` filters. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { query: { cursor, limit, q, role } } = await validRequest(event, authOperations.listUsers)
  return listUsers(useDrivers().store, actor, { cursor, limit, ...(q && { query: q }), ...(role && { role }) })
})
