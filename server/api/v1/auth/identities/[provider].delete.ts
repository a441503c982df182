import { problems } from '../../../../errors'
import { signInOperations } from '../../../../openapi/operations'

/** DELETE /api/v1/auth/identities/:provider: unlinks that provider account from mine → 204. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { params: { provider } } = await validRequest(event, signInOperations.unlinkIdentity)
  if (!await useDrivers().store.identities.remove(actor.id, provider)) throw problems.notFound('linked account', provider)
  setResponseStatus(event, 204)
  return null
})
