import { z } from 'zod'

/** FSRS-6 memory parameters: 21 numbers (see ts-fsrs). */
export const fsrsParametersSchema = z.array(z.number()).length(21)

/** A learner's own FSRS parameters, fitted to their review history, and how they score against the defaults. */
export const scheduleFitSchema = z.object({
  parameters: fsrsParametersSchema,
  fittedAt: z.iso.datetime({ offset: true }),
  /** Reviews in the learner's history when it was fitted. */
  reviewCount: z.number().int().min(0),
  /** Answers scored (those given on a later day than the card's previous answer). */
  items: z.number().int().min(0),
  /** Log loss and RMSE(bins) of the recall predictions on those answers, with these parameters and with the defaults. */
  logLoss: z.number().min(0),
  rmseBins: z.number().min(0),
  defaultLogLoss: z.number().min(0),
  defaultRmseBins: z.number().min(0),
})
export type ScheduleFit = z.infer<typeof scheduleFitSchema>

/** How my cards are scheduled: with my own parameters (once fitted and better than the defaults) or the defaults. */
export const myScheduleSchema = z.object({
  personal: z.boolean(),
  /** Reviews needed before parameters are fitted, and how many I have. */
  minReviews: z.number().int().min(1),
  reviewCount: z.number().int().min(0),
  /** The latest fit, if any. */
  fit: scheduleFitSchema.nullable(),
})
export type MySchedule = z.infer<typeof myScheduleSchema>
