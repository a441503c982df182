import { mySchedule } from '../../../services/schedules'
import { studyOperations } from '../../../openapi/operations'

/** GET /api/v1/study/schedule: whether my cards use my own FSRS parameters, when fitted, and their scores against the defaults. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  await validRequest(event, studyOperations.schedule)
  return mySchedule(useDrivers(), actor)
})
