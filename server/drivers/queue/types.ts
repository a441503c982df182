import type { FailedJob, JobName, JobPayloads } from '../../../shared/types/jobs'

export interface JobContext {
  readonly jobId: string
  /** 1 on the first run, then counts retries. */
  readonly attempt: number
  readonly maxAttempts: number
  /** Aborted when the queue shuts down; handlers stop early and the job runs again later. */
  readonly signal: AbortSignal
  /** Progress from 0 to 1, kept with the job. */
  progress(value: number): Promise<void>
}

export type JobHandler<N extends JobName> = (data: JobPayloads[N], context: JobContext) => Promise<void>
export type JobHandlers = { [N in JobName]: JobHandler<N> }

export interface EnqueueOptions {
  /** Jobs with the same id are not queued twice while one is waiting or running. */
  jobId: string
}

export interface ScheduleOptions {
  /** One schedule per id: scheduling again replaces it, from any instance. */
  scheduleId: string
  everyMs: number
}

export interface JobQueueStats {
  waiting: number
  active: number
  completed: number
  failed: number
}

/** One job name's part of the queue, for the metrics (server/metrics/queue.ts). */
export interface QueueStatsByName {
  name: JobName
  /** Ready to run, waiting for a worker. */
  waiting: number
  /** Waiting for a retry's backoff (or a handed-back job's short delay). */
  delayed: number
  active: number
  /** Failed for good (the dead-letter list). */
  failed: number
  /** When the oldest job ready to run was queued (epoch ms); undefined when none waits. */
  oldestWaitingSince?: number
}

/**
 * Background jobs. The web app only enqueues; `work` runs handlers, in the web process for the
 * embedded queue and in the separate worker process for a networked one.
 */
export interface JobQueue {
  readonly kind: string
  /** Whether jobs run inside the web process (true) or in separate workers (false). */
  readonly runsInProcess: boolean
  enqueue<N extends JobName>(name: N, data: JobPayloads[N], options: EnqueueOptions): Promise<void>
  work(handlers: JobHandlers, options: { concurrency: number }): Promise<void>
  /** Enqueues the job every `everyMs`, wherever jobs run. */
  schedule<N extends JobName>(name: N, data: JobPayloads[N], options: ScheduleOptions): Promise<void>
  stats(): Promise<JobQueueStats>
  /** Every job name's counts and its oldest waiting job. */
  statsByName(): Promise<QueueStatsByName[]>
  /** The dead-letter list: jobs that failed for good, newest first. */
  failed(limit: number): Promise<FailedJob[]>
  /** Stops taking jobs, aborts running ones and waits for them to settle. */
  close(): Promise<void>
}

/** A failure that retrying cannot mend (bad input); the queue gives up at once. */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'PermanentJobError'
  }
}
