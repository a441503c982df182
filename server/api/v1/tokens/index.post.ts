import { tokenOperations } from '../../../openapi/operations'
import { createToken } from '../../../services/tokens'

/** POST /api/v1/tokens `{name, scopes, expiresInDays}`: a new token → 201, the token and its secret, shown this once. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { body: input } = await validRequest(event, tokenOperations.create)
  const issued = await createToken(useDrivers().store, actor, input)
  setResponseStatus(event, 201)
  setResponseHeader(event, 'cache-control', 'no-store')
  return issued
})
