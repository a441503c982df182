/** Every job the queue carries, with its payload: ids only, never content or secrets. */
export interface JobPayloads {
  atomize: { documentId: string, version: number }
  /** Scheduled: loads what readers are likely to open next into the cache. */
  warmCache: Record<string, never>
  /** Fits one learner's FSRS parameters to their review history (queued when enough new reviews arrived). */
  fitLearnerSchedule: { userId: string }
  /** Scheduled daily: queues `fitLearnerSchedule` for every learner due a fit. */
  fitSchedules: Record<string, never>
  /** Scheduled: retrains the difficulty model once enough new reviews are in the store. */
  retrainDifficulty: Record<string, never>
  /** Scheduled: retrains the key-term model once authors have made enough new key-term and definition corrections. */
  retrainTerms: Record<string, never>
  /** Scheduled: re-embeds atoms whose vectors another text encoder made, and withdraws encoders once retrained on the store. */
  refreshEmbeddings: Record<string, never>
  /** Scheduled (every NUXT_OAUTH_KEY_ROTATION_HOURS): a new key signs OAuth access tokens; old ones expire after their grace period. */
  rotateSigningKeys: Record<string, never>
}
export type JobName = keyof JobPayloads

/** One queue per job type, in this order. */
export const jobNames = ['atomize', 'warmCache', 'fitLearnerSchedule', 'fitSchedules', 'retrainDifficulty', 'retrainTerms', 'refreshEmbeddings', 'rotateSigningKeys'] as const satisfies readonly JobName[]

/** A job that failed for good (its schema is in shared/schemas/jobs.ts). */
export type { FailedJob } from '../schemas/jobs'
