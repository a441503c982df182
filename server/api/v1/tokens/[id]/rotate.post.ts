import { tokenOperations } from '../../../../openapi/operations'
import { rotateToken } from '../../../../services/tokens'

/** POST /api/v1/tokens/:id/rotate: a new secret in the token's place → 201, the new token and its secret. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { params: { id } } = await validRequest(event, tokenOperations.rotate)
  const issued = await rotateToken(useDrivers().store, actor, id)
  setResponseStatus(event, 201)
  setResponseHeader(event, 'cache-control', 'no-store')
  return issued
})
