import { tokenOperations } from '../../../openapi/operations'
import { listTokens } from '../../../services/tokens'

/** GET /api/v1/tokens: my personal access tokens, without their secrets. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  await validRequest(event, tokenOperations.list)
  return { items: await listTokens(useDrivers().store, actor) }
})
