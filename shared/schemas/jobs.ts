import { z } from 'zod'
import { jobNames, type JobName } from '../types/jobs'

export const failedJobsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
})

/** A job that failed for good: the dead-letter list an admin reads. */
export const failedJobSchema = z.object({
  id: z.string(),
  name: z.enum(jobNames),
  data: z.unknown(),
  attempts: z.number().int().min(0),
  error: z.string(),
  failedAt: z.string(),
})
export type FailedJob = z.infer<typeof failedJobSchema>

/** GET /api/v1/jobs: the queue at a glance, and its dead-letter list. */
export const jobsOverviewSchema = z.object({
  queue: z.string(),
  /** Whether jobs run in the web process (embedded) or in worker processes. */
  runsInProcess: z.boolean(),
  counts: z.object({ waiting: z.number().int(), active: z.number().int(), completed: z.number().int(), failed: z.number().int() }),
  failed: z.array(failedJobSchema),
})
export type JobsOverview = z.infer<typeof jobsOverviewSchema>

/** Scheduled jobs an admin may also run at once (`POST /api/v1/jobs/{name}`). */
export const runnableJobNames = ['warmCache', 'fitSchedules', 'retrainDifficulty', 'retrainTerms', 'refreshEmbeddings', 'rotateSigningKeys'] as const satisfies readonly JobName[]

export const runJobParamsSchema = z.object({ name: z.enum(runnableJobNames) })

/** The job queued by an admin: it runs as its schedule would, once. */
export const queuedJobSchema = z.object({ name: z.enum(runnableJobNames), jobId: z.string() })
export type QueuedJob = z.infer<typeof queuedJobSchema>
export type RunnableJobName = (typeof runnableJobNames)[number]
