import { z } from 'zod'
import { idSchema } from '#shared/schemas/common'
import { unshareDocument } from '../../../../../services/documents'

const paramsSchema = z.object({ id: idSchema, userId: idSchema })

/** DELETE /api/v1/documents/:id/shares/:userId: stops sharing the document with that user (owner only). */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { id, userId } = validParams(event, paramsSchema)
  await unshareDocument(useDrivers(), actor, id, userId)
  setResponseStatus(event, 204)
  return null
})
