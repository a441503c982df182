import { idParamsSchema } from '#shared/schemas/common'
import { deleteDocument } from '../../../services/documents'

/** DELETE /api/v1/documents/:id: removes the document, its atoms, file and index entries (owner only). */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { id } = validParams(event, idParamsSchema)
  await deleteDocument(useDrivers(), actor, id)
  setResponseStatus(event, 204)
  return null
})
