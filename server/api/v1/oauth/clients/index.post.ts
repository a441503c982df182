import { oauthOperations } from '../../../../openapi/operations'
import { registerClient } from '../../../../services/oauth-clients'

/** POST /api/v1/oauth/clients `{name, scopes}`: a new machine client → 201, with its secret shown this once (admins). */
export default defineEventHandler(async (event) => {
  const { actor } = await requireSessionActor(event)
  const { body: input } = await validRequest(event, oauthOperations.registerClient)
  const registered = await registerClient(useDrivers(), actor, input)
  setResponseStatus(event, 201)
  setResponseHeader(event, 'cache-control', 'no-store')
  return registered
})
