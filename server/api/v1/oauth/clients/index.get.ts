import { oauthOperations } from '../../../../openapi/operations'
import { listClients } from '../../../../services/oauth-clients'

/** GET /api/v1/oauth/clients: every machine client, without secrets (admins). */
export default defineEventHandler(async (event) => {
  const { actor } = await requireSessionActor(event)
  await validRequest(event, oauthOperations.listClients)
  return { items: await listClients(useDrivers(), actor) }
})
