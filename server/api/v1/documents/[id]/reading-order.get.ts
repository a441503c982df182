import { idParamsSchema } from '#shared/schemas/common'
import { readingOrderOf } from '../../../../services/atoms'

/** GET /api/v1/documents/:id/reading-order: atom ids and titles, every atom after its prerequisites. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { id } = validParams(event, idParamsSchema)
  return { items: await readingOrderOf(useDrivers(), actor, id) }
})
