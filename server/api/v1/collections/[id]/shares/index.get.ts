import { idParamsSchema } from '#shared/schemas/common'
import { listCollectionShares } from '../../../../../services/collections'

/** GET /api/v1/collections/:id/shares: `{items: [{userId, email, name, role}]}`, who the collection is shared with (owner only). */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { id } = validParams(event, idParamsSchema)
  return { items: await listCollectionShares(useDrivers(), actor, id) }
})
