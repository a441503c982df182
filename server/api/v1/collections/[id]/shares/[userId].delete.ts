import { z } from 'zod'
import { idSchema } from '#shared/schemas/common'
import { unshareCollection } from '../../../../../services/collections'

const paramsSchema = z.object({ id: idSchema, userId: idSchema })

/** DELETE /api/v1/collections/:id/shares/:userId: stops sharing the collection with that user (owner only). */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { id, userId } = validParams(event, paramsSchema)
  await unshareCollection(useDrivers(), actor, id, userId)
  setResponseStatus(event, 204)
  return null
})
