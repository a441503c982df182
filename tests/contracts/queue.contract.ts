import { afterEach, describe, expect, it } from 'vitest'
import { PermanentJobError, type JobContext, type JobHandlers, type JobQueue } from '../../server/drivers/queue/types'
import { jobNames, type JobPayloads } from '../../shared/types/jobs'
import { deferred, eventually } from '../support/wait'

export interface QueueFactoryOptions {
  /** Attempts per job, the first run included. */
  attempts: number
}

interface Run {
  data: JobPayloads['atomize']
  jobId: string
  attempt: number
  maxAttempts: number
}

const payload = (n: number): JobPayloads['atomize'] => ({ documentId: `doc-${n}`, version: 1 })

/** Every job's handler but atomize's, doing nothing: a queue test gives the ones it watches. */
export const idleHandlers: Omit<JobHandlers, 'atomize'> = {
  warmCache: async () => {},
  fitLearnerSchedule: async () => {},
  fitSchedules: async () => {},
  retrainDifficulty: async () => {},
  retrainTerms: async () => {},
  refreshEmbeddings: async () => {},
  rotateSigningKeys: async () => {},
}

/** Handlers that record every run and delegate to `body`. */
function recording(body: (data: JobPayloads['atomize'], context: JobContext) => Promise<void> = async () => {}) {
  const runs: Run[] = []
  const warmings: string[] = []
  const handlers: JobHandlers = {
    ...idleHandlers,
    atomize: async (data, context) => {
      runs.push({ data, jobId: context.jobId, attempt: context.attempt, maxAttempts: context.maxAttempts })
      await body(data, context)
    },
    warmCache: async (_data, context) => {
      warmings.push(context.jobId)
    },
  }
  return { runs, warmings, handlers }
}

/**
 * What every `JobQueue` driver must do. `create` returns a fresh, empty queue (with short retry delays so the
 * suite stays quick); the suite closes it after each test.
 */
export function describeQueueContract(name: string, create: (options: QueueFactoryOptions) => Promise<JobQueue> | JobQueue) {
  describe(`JobQueue contract: ${name}`, () => {
    const queues: JobQueue[] = []
    const open = async (options: QueueFactoryOptions = { attempts: 1 }) => {
      const queue = await create(options)
      queues.push(queue)
      return queue
    }
    /** Until nothing waits or runs: the queue has settled. */
    const settled = (queue: JobQueue) => eventually(async () => {
      const stats = await queue.stats()
      expect({ waiting: stats.waiting, active: stats.active }).toEqual({ waiting: 0, active: 0 })
      return stats
    })

    afterEach(async () => {
      await Promise.all(queues.splice(0).map(queue => queue.close()))
    })

    it('names its kind and says whether it runs jobs in this process', async () => {
      const queue = await open()
      expect(queue.kind).toEqual(expect.any(String))
      expect(typeof queue.runsInProcess).toBe('boolean')
    })

    it('runs a job enqueued before work starts, with its data and context', async () => {
      const queue = await open({ attempts: 3 })
      await queue.enqueue('atomize', payload(1), { jobId: 'job-1' })
      const { runs, handlers } = recording()
      await queue.work(handlers, { concurrency: 1 })
      await eventually(() => expect(runs).toEqual([{ data: payload(1), jobId: 'job-1', attempt: 1, maxAttempts: 3 }]))
      const stats = await settled(queue)
      expect(stats).toMatchObject({ completed: 1, failed: 0 })
    })

    it('runs every job enqueued while working, each once', async () => {
      const queue = await open()
      const { runs, handlers } = recording()
      await queue.work(handlers, { concurrency: 2 })
      for (let n = 0; n < 6; n++) await queue.enqueue('atomize', payload(n), { jobId: `job-${n}` })
      await eventually(async () => expect((await queue.stats()).completed).toBe(6))
      await settled(queue)
      expect(runs.map(run => run.jobId).sort()).toEqual(Array.from({ length: 6 }, (_, n) => `job-${n}`))
      expect(runs.map(run => run.data.documentId).sort()).toEqual(Array.from({ length: 6 }, (_, n) => `doc-${n}`))
    })

    it('accepts progress reports from 0 to 1 while a job runs', async () => {
      const queue = await open()
      const reported: number[] = []
      const { handlers } = recording(async (_data, context) => {
        for (const value of [0, 0.25, 0.5, 1]) {
          await context.progress(value)
          reported.push(value)
        }
      })
      await queue.work(handlers, { concurrency: 1 })
      await queue.enqueue('atomize', payload(1), { jobId: 'progress' })
      await eventually(async () => expect((await queue.stats()).completed).toBe(1))
      expect(reported).toEqual([0, 0.25, 0.5, 1])
    })

    it('retries a failing job until it succeeds, counting attempts', async () => {
      const queue = await open({ attempts: 3 })
      const { runs, handlers } = recording(async (_data, context) => {
        if (context.attempt < 3) throw new Error(`transient failure ${context.attempt}`)
      })
      await queue.work(handlers, { concurrency: 1 })
      await queue.enqueue('atomize', payload(1), { jobId: 'flaky' })
      await eventually(async () => expect((await queue.stats()).completed).toBe(1), { timeoutMs: 15_000 })
      expect(runs.map(run => run.attempt)).toEqual([1, 2, 3])
      expect(runs.every(run => run.jobId === 'flaky' && run.maxAttempts === 3)).toBe(true)
      expect(await settled(queue)).toMatchObject({ completed: 1, failed: 0 })
    })

    it('gives up after the last attempt and counts the job as failed', async () => {
      const queue = await open({ attempts: 2 })
      const { runs, handlers } = recording(async () => {
        throw new Error('always fails')
      })
      await queue.work(handlers, { concurrency: 1 })
      await queue.enqueue('atomize', payload(1), { jobId: 'doomed' })
      await eventually(async () => expect((await queue.stats()).failed).toBe(1), { timeoutMs: 15_000 })
      expect(await settled(queue)).toMatchObject({ completed: 0, failed: 1 })
      expect(runs.map(run => run.attempt)).toEqual([1, 2])
    })

    it('lists jobs that failed for good, newest first, with their last error', async () => {
      const queue = await open({ attempts: 2 })
      const { handlers } = recording(async (data, context) => {
        throw new Error(`broken ${data.documentId} on attempt ${context.attempt}`)
      })
      await queue.work(handlers, { concurrency: 1 })
      expect(await queue.failed(10)).toEqual([])
      await queue.enqueue('atomize', payload(1), { jobId: 'dead-1' })
      await eventually(async () => expect((await queue.stats()).failed).toBe(1), { timeoutMs: 15_000 })
      await queue.enqueue('atomize', payload(2), { jobId: 'dead-2' })
      await eventually(async () => expect((await queue.stats()).failed).toBe(2), { timeoutMs: 15_000 })
      const failed = await queue.failed(10)
      expect(failed).toEqual([
        { id: 'dead-2', name: 'atomize', data: payload(2), attempts: 2, error: 'broken doc-2 on attempt 2', failedAt: expect.any(String) },
        { id: 'dead-1', name: 'atomize', data: payload(1), attempts: 2, error: 'broken doc-1 on attempt 2', failedAt: expect.any(String) },
      ])
      expect(Date.parse(failed[0]!.failedAt)).toBeGreaterThanOrEqual(Date.parse(failed[1]!.failedAt))
      expect(await queue.failed(1)).toHaveLength(1)
    })

    it('runs a scheduled job again and again, and one schedule per id', async () => {
      const queue = await open()
      const { warmings, handlers } = recording()
      await queue.work(handlers, { concurrency: 1 })
      await queue.schedule('warmCache', {}, { scheduleId: 'warm', everyMs: 60_000 })
      // Scheduling the same id again replaces the first schedule rather than adding a second.
      await queue.schedule('warmCache', {}, { scheduleId: 'warm', everyMs: 150 })
      await eventually(() => expect(warmings.length).toBeGreaterThanOrEqual(3), { timeoutMs: 15_000 })
      const before = warmings.length
      await new Promise(resolve => setTimeout(resolve, 600))
      // At one run per 150 ms, 600 ms adds about four runs; two schedules would add about twice as many.
      expect(warmings.length - before).toBeLessThanOrEqual(6)
    })

    it('does not retry a PermanentJobError', async () => {
      const queue = await open({ attempts: 5 })
      const { runs, handlers } = recording(async () => {
        throw new PermanentJobError('bad input')
      })
      await queue.work(handlers, { concurrency: 1 })
      await queue.enqueue('atomize', payload(1), { jobId: 'permanent' })
      await eventually(async () => expect((await queue.stats()).failed).toBe(1))
      expect(await settled(queue)).toMatchObject({ completed: 0, failed: 1 })
      expect(runs.map(run => run.attempt)).toEqual([1])
    })

    it('does not queue a job id twice while it waits', async () => {
      const queue = await open()
      await queue.enqueue('atomize', payload(1), { jobId: 'same' })
      await queue.enqueue('atomize', payload(1), { jobId: 'same' })
      await queue.enqueue('atomize', payload(2), { jobId: 'other' })
      expect((await queue.stats()).waiting).toBe(2)
      const { runs, handlers } = recording()
      await queue.work(handlers, { concurrency: 1 })
      expect(await settled(queue)).toMatchObject({ completed: 2, failed: 0 })
      expect(runs.map(run => run.jobId).sort()).toEqual(['other', 'same'])
    })

    it('does not queue a job id twice while it runs', async () => {
      const queue = await open()
      const release = deferred()
      const { runs, handlers } = recording(() => release.promise)
      await queue.work(handlers, { concurrency: 2 })
      await queue.enqueue('atomize', payload(1), { jobId: 'busy' })
      await eventually(() => expect(runs).toHaveLength(1))
      await queue.enqueue('atomize', payload(1), { jobId: 'busy' })
      expect(await queue.stats()).toMatchObject({ waiting: 0, active: 1 })
      release.resolve()
      expect(await settled(queue)).toMatchObject({ completed: 1 })
      expect(runs).toHaveLength(1)
    })

    it('reports waiting and active jobs', async () => {
      const queue = await open()
      const release = deferred()
      const { runs, handlers } = recording(() => release.promise)
      await queue.work(handlers, { concurrency: 1 })
      for (let n = 0; n < 3; n++) await queue.enqueue('atomize', payload(n), { jobId: `job-${n}` })
      await eventually(() => expect(runs).toHaveLength(1))
      expect(await queue.stats()).toEqual({ waiting: 2, active: 1, completed: 0, failed: 0 })
      release.resolve()
      expect(await settled(queue)).toEqual({ waiting: 0, active: 0, completed: 3, failed: 0 })
    })

    it('reports every job name\'s waiting, active and failed jobs, and when its oldest waiting job was queued', async () => {
      const queue = await open()
      const release = deferred()
      const before = Date.now()
      await queue.enqueue('atomize', payload(1), { jobId: 'first' })
      await new Promise(resolve => setTimeout(resolve, 20))
      const between = Date.now()
      await queue.enqueue('atomize', payload(2), { jobId: 'second' })
      await queue.enqueue('warmCache', {}, { jobId: 'warm' })
      const byName = async () => new Map((await queue.statsByName()).map(stats => [stats.name, stats]))

      const queued = await byName()
      expect([...queued.keys()].sort()).toEqual([...jobNames].sort())
      expect(queued.get('atomize')).toMatchObject({ waiting: 2, active: 0, failed: 0 })
      expect(queued.get('atomize')!.oldestWaitingSince).toBeGreaterThanOrEqual(before - 5)
      expect(queued.get('atomize')!.oldestWaitingSince).toBeLessThan(between)
      expect(queued.get('warmCache')).toMatchObject({ waiting: 1, active: 0 })
      expect(queued.get('retrainTerms')).toMatchObject({ waiting: 0, delayed: 0, active: 0, failed: 0 })
      expect(queued.get('retrainTerms')!.oldestWaitingSince).toBeUndefined()

      const { runs, handlers } = recording(() => release.promise)
      const warmCache = async () => {
        throw new Error('cannot warm')
      }
      await queue.work({ ...handlers, warmCache }, { concurrency: 1 })
      await eventually(() => expect(runs).toHaveLength(1))
      const running = (await byName()).get('atomize')!
      expect(running).toMatchObject({ waiting: 1, active: 1 })
      // The one still waiting is the second.
      expect(running.oldestWaitingSince).toBeGreaterThanOrEqual(between - 5)
      release.resolve()
      await eventually(async () => {
        const done = await byName()
        expect(done.get('atomize')).toMatchObject({ waiting: 0, active: 0, failed: 0 })
        expect(done.get('atomize')!.oldestWaitingSince).toBeUndefined()
        expect(done.get('warmCache')).toMatchObject({ waiting: 0, active: 0, failed: 1 })
      }, { timeoutMs: 15_000 })
    })

    it('aborts running handlers through their signal on close, and waits for them', async () => {
      const queue = await open({ attempts: 3 })
      let signal: AbortSignal | undefined
      let finished = false
      const { runs, handlers } = recording(async (_data, context) => {
        signal = context.signal
        await new Promise<void>(resolve => context.signal.addEventListener('abort', () => resolve(), { once: true }))
        finished = true
        throw new Error('interrupted')
      })
      await queue.work(handlers, { concurrency: 1 })
      await queue.enqueue('atomize', payload(1), { jobId: 'long' })
      await eventually(() => expect(runs).toHaveLength(1))
      expect(signal?.aborted).toBe(false)
      await queue.close()
      expect(signal?.aborted).toBe(true)
      expect(finished).toBe(true)
      expect(runs).toHaveLength(1)
    })
  })
}
