import { signInOperations } from '../../../../openapi/operations'

/** GET /api/v1/auth/identities: my linked provider accounts, oldest first. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  await validRequest(event, signInOperations.listIdentities)
  const identities = await useDrivers().store.identities.listByUser(actor.id)
  return { items: identities.map(({ provider, email, createdAt }) => ({ provider, email, createdAt })) }
})
