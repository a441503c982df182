import { DelayedError, Queue, UnrecoverableError, Worker, type Job, type JobsOptions } from 'bullmq'
import { closeRedis, openRedis } from '../redis-connection'
import { jobNames, type FailedJob, type JobName, type JobPayloads } from '../../../shared/types/jobs'
import { PermanentJobError, type JobHandlers, type JobQueue } from './types'

export interface BullQueueOptions {
  url: string
  /** Redis key prefix, so several apps (or test runs) can share one Redis. */
  prefix?: string
  attempts: number
  /** Delay before retry n is `backoffMs * 2^(n-1)`. */
  backoffMs?: number
  /** A job whose worker stops renewing its lock this long (it died) goes back to the queue. */
  lockSeconds?: number
  /** Finished jobs are kept this long for inspection, then removed. */
  keepCompletedSeconds?: number
  keepFailedSeconds?: number
}

/** A job interrupted by shutdown waits this long before another worker may take it. */
const shutdownRequeueDelayMs = 1000

/**
 * BullMQ on Redis: one queue per job type. Web instances only enqueue; `work` runs in the worker
 * processes. A worker that dies mid-job loses its lock and the job is recovered as stalled; a worker that
 * is shut down hands its running jobs back without spending an attempt.
 */
export function createBullQueue(options: BullQueueOptions): JobQueue {
  const { url, prefix = 'atomizer', attempts, backoffMs = 1000, lockSeconds = 30 } = options
  // BullMQ's blocking commands must wait out a Redis outage rather than fail after a few retries.
  const connection = openRedis(url, 'queue', { maxRetriesPerRequest: null, lazyConnect: true })
  const queues = new Map(jobNames.map(name => [name, new Queue(name, { connection, prefix })]))
  const workers: Worker[] = []
  const running = new Map<string, AbortController>()
  let closing = false

  const queueOf = (name: JobName) => queues.get(name)!
  const retention = {
    attempts,
    backoff: { type: 'exponential', delay: backoffMs },
    removeOnComplete: { age: options.keepCompletedSeconds ?? 3600, count: 1000 },
    removeOnFail: { age: options.keepFailedSeconds ?? 7 * 24 * 3600, count: 5000 },
  } satisfies JobsOptions

  function processorFor(name: JobName, handlers: JobHandlers) {
    const handler = handlers[name] as (data: unknown, context: Parameters<JobHandlers[JobName]>[1]) => Promise<void>
    return async (job: Job, token?: string) => {
      const controller = new AbortController()
      const key = `${name}/${job.id}`
      running.set(key, controller)
      try {
        await handler(job.data, {
          jobId: job.id!,
          attempt: job.attemptsMade + 1,
          maxAttempts: job.opts.attempts ?? attempts,
          signal: controller.signal,
          progress: value => job.updateProgress(Math.min(1, Math.max(0, value))),
        })
      }
      catch (error) {
        if (controller.signal.aborted && closing) {
          // Shutting down: hand the job back untouched, for this or another worker to run again.
          await job.moveToDelayed(Date.now() + shutdownRequeueDelayMs, token)
          throw new DelayedError()
        }
        if (error instanceof PermanentJobError) throw new UnrecoverableError(error.message)
        throw error
      }
      finally {
        running.delete(key)
      }
    }
  }

  return {
    kind: 'bullmq',
    runsInProcess: false,
    async enqueue<N extends JobName>(name: N, data: JobPayloads[N], { jobId }: { jobId: string }) {
      if (closing) throw new Error('the queue is closed')
      const queue = queueOf(name)
      // BullMQ ignores an id it still remembers, even finished: forget a finished one so it can run again.
      const existing = await queue.getJob(jobId)
      if (existing) {
        const state = await existing.getState()
        if (state !== 'completed' && state !== 'failed' && state !== 'unknown') return
        await existing.remove().catch(() => {})
      }
      await queue.add(name, data, { ...retention, jobId })
    },
    async work(handlers, { concurrency }) {
      for (const name of jobNames) {
        const worker = new Worker(name, processorFor(name, handlers), {
          connection, prefix, concurrency: Math.max(1, concurrency),
          lockDuration: lockSeconds * 1000,
          stalledInterval: Math.max(1000, lockSeconds * 500),
          // A job may be found stalled (its worker killed) twice before it counts as failed.
          maxStalledCount: 2,
        })
        worker.on('error', error => console.error(`[queue] ${name} worker:`, error.message))
        worker.on('failed', (job, error) => {
          if (job && job.attemptsMade >= (job.opts.attempts ?? attempts)) {
            console.error(`[queue] job ${job.id} failed after ${job.attemptsMade} attempt(s):`, error.message)
          }
        })
        workers.push(worker)
      }
      await Promise.all(workers.map(worker => worker.waitUntilReady()))
    },
    async schedule(name, data, { scheduleId, everyMs }) {
      await queueOf(name).upsertJobScheduler(scheduleId, { every: everyMs }, {
        name, data, opts: retention,
      })
    },
    async stats() {
      const totals = { waiting: 0, active: 0, completed: 0, failed: 0 }
      for (const queue of queues.values()) {
        const counts = await queue.getJobCounts('wait', 'delayed', 'prioritized', 'active', 'completed', 'failed')
        totals.waiting += (counts.wait ?? 0) + (counts.delayed ?? 0) + (counts.prioritized ?? 0)
        totals.active += counts.active ?? 0
        totals.completed += counts.completed ?? 0
        totals.failed += counts.failed ?? 0
      }
      return totals
    },
    async statsByName() {
      return Promise.all(jobNames.map(async (name) => {
        const queue = queueOf(name)
        const counts = await queue.getJobCounts('wait', 'prioritized', 'delayed', 'active', 'failed')
        // The wait list is oldest first when read ascending.
        const [oldest] = await queue.getJobs(['wait'], 0, 0, true)
        return {
          name,
          waiting: (counts.wait ?? 0) + (counts.prioritized ?? 0),
          delayed: counts.delayed ?? 0,
          active: counts.active ?? 0,
          failed: counts.failed ?? 0,
          oldestWaitingSince: oldest?.timestamp,
        }
      }))
    },
    async failed(limit) {
      const jobs: FailedJob[] = []
      for (const [name, queue] of queues) {
        for (const job of await queue.getFailed(0, limit - 1)) {
          jobs.push({
            id: job.id!, name, data: job.data, attempts: job.attemptsMade,
            error: job.failedReason, failedAt: new Date(job.finishedOn ?? job.timestamp).toISOString(),
          })
        }
      }
      return jobs.sort((a, b) => b.failedAt.localeCompare(a.failedAt)).slice(0, limit)
    },
    async close() {
      if (closing) return
      closing = true
      for (const controller of running.values()) controller.abort()
      await Promise.allSettled(workers.map(worker => worker.close()))
      await Promise.allSettled([...queues.values()].map(queue => queue.close()))
      await closeRedis(connection)
    },
  }
}
