import { listReviews } from '../../../services/study'
import { studyOperations } from '../../../openapi/operations'

/** GET /api/v1/reviews: my review history, newest first, a page at a time; `since` for recent ones only. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { query: { cursor, limit, since } } = await validRequest(event, studyOperations.listReviews)
  return listReviews(useDrivers(), actor, { cursor, limit }, since)
})
