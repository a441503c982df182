import { progressOf } from '../../services/progress'
import { studyOperations } from '../../openapi/operations'

/** GET /api/v1/progress: my reviews per day, the coming workload, retention and mastered atoms per document. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { query } = await validRequest(event, studyOperations.progress)
  return progressOf(useDrivers(), actor, query)
})
