import { reviewListQuerySchema } from '#shared/schemas/study'
import { listReviews } from '../../../services/study'

/** GET /api/v1/reviews: my review history, newest first, a page at a time; `since` for recent ones only. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { cursor, limit, since } = validQuery(event, reviewListQuerySchema)
  return listReviews(useDrivers(), actor, { cursor, limit }, since)
})
