import { z } from 'zod'
import type { FailedJob } from '../types/jobs'

export const failedJobsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
})

/** GET /api/v1/jobs: the queue at a glance, and its dead-letter list. */
export interface JobsOverview {
  queue: string
  /** Whether jobs run in the web process (embedded) or in worker processes. */
  runsInProcess: boolean
  counts: { waiting: number, active: number, completed: number, failed: number }
  failed: FailedJob[]
}
