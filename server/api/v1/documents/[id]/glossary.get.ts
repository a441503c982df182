import { documentGlossary } from '../../../../services/glossary'
import { documentOperations } from '../../../../openapi/operations'

/** GET /api/v1/documents/:id/glossary: the document's key terms, best first, with definitions and the atoms that define them. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { params: { id } } = await validRequest(event, documentOperations.glossary)
  return documentGlossary(useDrivers(), actor, id)
})
