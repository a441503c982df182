import { listInvitations } from '../../../services/invitations'

/** GET /api/v1/invitations: `{items}`, the invitations to my email: what is shared, by whom, as what. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  return { items: await listInvitations(useDrivers(), actor) }
})
