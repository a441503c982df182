import { deleteDocument } from '../../../services/documents'
import { documentOperations } from '../../../openapi/operations'

/** DELETE /api/v1/documents/:id: removes the document, its atoms, file and index entries (owner only). */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { params: { id } } = await validRequest(event, documentOperations.delete)
  await deleteDocument(useDrivers(), actor, id)
  setResponseStatus(event, 204)
  return null
})
