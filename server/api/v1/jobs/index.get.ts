import { failedJobsQuerySchema } from '#shared/schemas/jobs'
import { jobsOverview } from '../../../services/jobs'

/** GET /api/v1/jobs: queue counts and the dead-letter list (admins). */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { limit } = validQuery(event, failedJobsQuerySchema)
  return jobsOverview(useDrivers(), actor, limit)
})
