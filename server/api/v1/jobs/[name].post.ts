import { runScheduledJob } from '../../../services/jobs'
import { jobOperations } from '../../../openapi/operations'

/** POST /api/v1/jobs/:name: an admin runs a scheduled job now (it is queued as its schedule would queue it). */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { params: { name } } = await validRequest(event, jobOperations.run)
  setResponseStatus(event, 202)
  return runScheduledJob(useDrivers(), actor, name)
})
