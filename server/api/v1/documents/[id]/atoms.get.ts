import { listAtoms } from '../../../../services/atoms'
import { documentOperations } from '../../../../openapi/operations'

/** GET /api/v1/documents/:id/atoms: the document's atoms in reading order, a page at a time (`include=embedding`: with vectors). */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { params: { id }, query: { include, ...page } } = await validRequest(event, documentOperations.atoms)
  return listAtoms(useDrivers(), actor, id, { ...page, embeddings: include?.includes('embedding') })
})
