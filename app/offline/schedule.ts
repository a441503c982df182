import { fsrs, type FSRS } from 'ts-fsrs'
import { fsrsParametersSchema } from '#shared/schemas/schedule'
import { scheduler as defaultScheduler } from '#shared/utils/study'
import { scheduleKey } from './flags'

// The learner's own FSRS parameters, kept on the device (flags.ts remembers them) so cards studied offline get
// the same intervals the server will compute for them.

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
