import { collectionGlossary } from '../../../../services/glossary'
import { collectionOperations } from '../../../../openapi/operations'

/** GET /api/v1/collections/:id/glossary: the key terms of the collection's documents, each term once, best first. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { params: { id } } = await validRequest(event, collectionOperations.glossary)
  return collectionGlossary(useDrivers(), actor, id)
})
