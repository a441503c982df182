import { idParamsSchema } from '#shared/schemas/common'
import { getCollection } from '../../../services/collections'

/** GET /api/v1/collections/:id: a collection I own or that is shared with me, with my role and its document count. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { id } = validParams(event, idParamsSchema)
  return getCollection(useDrivers(), actor, id)
})
