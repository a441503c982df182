import { fsrs, type FSRS } from 'ts-fsrs'
import { fsrsParametersSchema, type MySchedule } from '#shared/schemas/schedule'
import { scheduler as defaultScheduler } from '#shared/utils/study'
import { scheduleKey } from './flags'

// The learner's own FSRS parameters, kept on the device so cards studied offline get the same intervals the
// server will compute for them.

/** Keeps the parameters the server schedules this learner's cards with (none: the defaults). */
export function rememberSchedule(schedule: MySchedule) {
  if (schedule.personal && schedule.fit) localStorage.setItem(scheduleKey, JSON.stringify(schedule.fit.parameters))
  else localStorage.removeItem(scheduleKey)
}

let cached: { text: string | null, scheduler: FSRS } | undefined

/** The scheduler for this learner's reviews on this device. */
export function learnerScheduler(): FSRS {
  const text = localStorage.getItem(scheduleKey)
  if (cached?.text !== text) {
    const parameters = text === null ? undefined : fsrsParametersSchema.safeParse(JSON.parse(text)).data
    cached = { text, scheduler: parameters ? fsrs({ w: parameters, enable_fuzz: false }) : defaultScheduler }
  }
  return cached.scheduler
}
