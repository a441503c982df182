import { pageQuerySchema } from '#shared/schemas/common'
import { listCollections } from '../../../services/collections'

/** GET /api/v1/collections: my collections and those shared with me, newest first, a page at a time, each with my role. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const page = validQuery(event, pageQuerySchema)
  return listCollections(useDrivers(), actor, page)
})
