import { idParamsSchema } from '#shared/schemas/common'
import { deleteCollection } from '../../../services/collections'

/** DELETE /api/v1/collections/:id: removes the collection and its shares (owner only); its documents stay, in no collection. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { id } = validParams(event, idParamsSchema)
  await deleteCollection(useDrivers(), actor, id)
  setResponseStatus(event, 204)
  return null
})
