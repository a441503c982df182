import type { Drivers } from '../drivers'
import type { JobHandler } from '../drivers/queue/types'
import { fitLearnerSchedule, queueDueFits } from '../services/schedules'

/** Fits one learner's personal schedule; does nothing when no fit is due (it was done by a job before it). */
export function createFitLearnerScheduleHandler(drivers: Drivers): JobHandler<'fitLearnerSchedule'> {
  return async ({ userId }, context) => {
    await fitLearnerSchedule(drivers, userId, { signal: context.signal })
  }
}

/** The daily pass over every learner. */
export function createFitSchedulesHandler(drivers: Drivers): JobHandler<'fitSchedules'> {
  return async () => {
    await queueDueFits(drivers)
  }
}
