import { idParamsSchema } from '#shared/schemas/common'
import { shareSchema } from '#shared/schemas/document'
import { shareDocument } from '../../../../../services/documents'

/** POST /api/v1/documents/:id/shares: lets another user (by email) read the document (owner only). */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { id } = validParams(event, idParamsSchema)
  const { email } = await validBody(event, shareSchema)
  await shareDocument(useDrivers(), actor, id, email)
  setResponseStatus(event, 204)
  return null
})
