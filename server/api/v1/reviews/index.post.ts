import { reviewBatchSchema } from '#shared/schemas/study'
import { recordReviews } from '../../../services/study'

/** POST /api/v1/reviews: records a batch of my reviews exactly once (by their ids) and returns the cards' states. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const batch = await validBody(event, reviewBatchSchema)
  return recordReviews(useDrivers(), actor, batch)
})
