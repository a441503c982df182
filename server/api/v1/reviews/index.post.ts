import { recordReviews } from '../../../services/study'
import { studyOperations } from '../../../openapi/operations'

/** POST /api/v1/reviews: records a batch of my reviews exactly once (by their ids) and returns the cards' states. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { body: batch } = await validRequest(event, studyOperations.recordReviews)
  return recordReviews(useDrivers(), actor, batch)
})
