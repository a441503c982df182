import { jobsOverview } from '../../../services/jobs'
import { jobOperations } from '../../../openapi/operations'

/** GET /api/v1/jobs: queue counts and the dead-letter list (admins). */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { query: { limit } } = await validRequest(event, jobOperations.overview)
  return jobsOverview(useDrivers(), actor, limit)
})
