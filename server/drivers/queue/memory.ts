import { jobNames, type FailedJob, type JobName, type JobPayloads } from '../../../shared/types/jobs'
import { PermanentJobError, type JobHandlers, type JobQueue, type QueueStatsByName } from './types'
import { repeatEvery, type Repeating } from './repeat'

export interface MemoryQueueOptions {
  attempts: number
  /** Delay before retry n is `backoffMs * 2^(n-1)`. */
  backoffMs?: number
}

/** How many failed jobs the dead-letter list keeps. */
const failedKept = 100

interface QueuedJob {
  id: string
  name: JobName
  data: JobPayloads[JobName]
  attempt: number
  progress: number
  /** When it was queued (epoch ms), for the age of the oldest waiting job. */
  queuedAt: number
}

/**
 * In-process queue with concurrency, retries with exponential backoff, and progress. Jobs live in
 * memory; the app re-enqueues unfinished documents at start-up, which is what makes work durable.
 */
export function createMemoryQueue({ attempts, backoffMs = 500 }: MemoryQueueOptions): JobQueue {
  const waiting: QueuedJob[] = []
  const active = new Map<string, { job: QueuedJob, controller: AbortController, done: Promise<void> }>()
  const retryTimers = new Map<string, { name: JobName, timer: NodeJS.Timeout }>()
  const schedules = new Map<string, Repeating>()
  const deadLetters: FailedJob[] = []
  const counts = { completed: 0, failed: 0 }
  const failedByName = new Map<JobName, number>()
  let handlers: JobHandlers | undefined
  let concurrency = 1
  let closed = false

  const known = (id: string) => active.has(id) || retryTimers.has(id) || waiting.some(job => job.id === id)

  function pump() {
    while (handlers && !closed && active.size < concurrency && waiting.length > 0) {
      run(waiting.shift()!)
    }
  }

  function run(job: QueuedJob) {
    const controller = new AbortController()
    const handler = handlers![job.name] as (data: unknown, context: Parameters<JobHandlers[JobName]>[1]) => Promise<void>
    const done = (async () => {
      // Settle asynchronously even if the handler throws before returning a promise: the job must be in
      // `active` before the cleanup below runs, or its slot would never be freed.
      await Promise.resolve()
      try {
        await handler(job.data, {
          jobId: job.id,
          attempt: job.attempt,
          maxAttempts: attempts,
          signal: controller.signal,
          progress: async (value) => {
            job.progress = Math.min(1, Math.max(0, value))
          },
        })
        counts.completed++
      }
      catch (error) {
        settleFailure(job, error, controller.signal.aborted)
      }
      finally {
        active.delete(job.id)
        pump()
      }
    })()
    active.set(job.id, { job, controller, done })
  }

  function settleFailure(job: QueuedJob, error: unknown, aborted: boolean) {
    if (aborted || closed) return
    const permanent = error instanceof PermanentJobError
    if (permanent || job.attempt >= attempts) {
      counts.failed++
      failedByName.set(job.name, (failedByName.get(job.name) ?? 0) + 1)
      deadLetters.unshift({
        id: job.id, name: job.name, data: job.data, attempts: job.attempt,
        error: error instanceof Error ? error.message : String(error), failedAt: new Date().toISOString(),
      })
      deadLetters.length = Math.min(deadLetters.length, failedKept)
      console.error(`[queue] job ${job.id} failed after ${job.attempt} attempt(s):`, error instanceof Error ? error.message : error)
      return
    }
    const delay = backoffMs * 2 ** (job.attempt - 1)
    retryTimers.set(job.id, { name: job.name, timer: setTimeout(() => {
      retryTimers.delete(job.id)
      waiting.push({ ...job, attempt: job.attempt + 1, progress: 0, queuedAt: Date.now() })
      pump()
    }, delay) })
  }

  return {
    kind: 'memory',
    runsInProcess: true,
    async enqueue(name, data, { jobId }) {
      if (closed) throw new Error('the queue is closed')
      if (known(jobId)) return
      waiting.push({ id: jobId, name, data, attempt: 1, progress: 0, queuedAt: Date.now() })
      pump()
    },
    async work(jobHandlers, options) {
      handlers = jobHandlers
      concurrency = Math.max(1, options.concurrency)
      pump()
    },
    async schedule(name, data, { scheduleId, everyMs }) {
      schedules.get(scheduleId)?.stop()
      schedules.set(scheduleId, repeatEvery(everyMs, () => {
        if (!closed) void this.enqueue(name, data, { jobId: scheduleId })
      }))
    },
    async stats() {
      return { waiting: waiting.length + retryTimers.size, active: active.size, ...counts }
    },
    async statsByName() {
      const byName = new Map<JobName, QueueStatsByName>(jobNames.map(name => [name, { name, waiting: 0, delayed: 0, active: 0, failed: failedByName.get(name) ?? 0 }]))
      // Jobs wait in the order they were queued: the first of a name is its oldest.
      for (const job of waiting) {
        const stats = byName.get(job.name)!
        stats.waiting++
        stats.oldestWaitingSince ??= job.queuedAt
      }
      for (const { name } of retryTimers.values()) byName.get(name)!.delayed++
      for (const { job } of active.values()) byName.get(job.name)!.active++
      return [...byName.values()]
    },
    async failed(limit) {
      return deadLetters.slice(0, limit)
    },
    async close() {
      closed = true
      for (const schedule of schedules.values()) schedule.stop()
      schedules.clear()
      for (const { timer } of retryTimers.values()) clearTimeout(timer)
      retryTimers.clear()
      waiting.length = 0
      for (const { controller } of active.values()) controller.abort()
      await Promise.allSettled([...active.values()].map(entry => entry.done))
    },
  }
}
