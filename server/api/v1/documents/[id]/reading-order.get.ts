import { readingOrderOf } from '../../../../services/atoms'
import { documentOperations } from '../../../../openapi/operations'

/** GET /api/v1/documents/:id/reading-order: atom ids and titles, every atom after its prerequisites. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { params: { id } } = await validRequest(event, documentOperations.readingOrder)
  return { items: await readingOrderOf(useDrivers(), actor, id) }
})
