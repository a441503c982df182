import { progressQuerySchema } from '#shared/schemas/study'
import { progressOf } from '../../services/progress'

/** GET /api/v1/progress: my reviews per day, the coming workload, retention and mastered atoms per document. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  return progressOf(useDrivers(), actor, validQuery(event, progressQuerySchema))
})
