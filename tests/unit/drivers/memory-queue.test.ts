import { afterEach, describe, expect, it, vi } from 'vitest'
import { createMemoryQueue } from '../../../server/drivers/queue/memory'
import { PermanentJobError, type JobContext, type JobHandlers, type JobQueue } from '../../../server/drivers/queue/types'
import type { JobPayloads } from '../../../shared/types/jobs'
import { deferred, eventually, type Deferred } from '../../support/wait'
import { describeQueueContract, idleHandlers } from '../../contracts/queue.contract'

describeQueueContract('memory', ({ attempts }) => createMemoryQueue({ attempts, backoffMs: 5 }))

const payload = (n: number): JobPayloads['atomize'] => ({ documentId: `doc-${n}`, version: 1 })

describe('memory queue', () => {
  const queues: JobQueue[] = []
  const open = (options: Parameters<typeof createMemoryQueue>[0]) => {
    const queue = createMemoryQueue(options)
    queues.push(queue)
    return queue
  }

  afterEach(async () => {
    vi.useRealTimers()
    vi.restoreAllMocks()
    await Promise.all(queues.splice(0).map(queue => queue.close()))
  })

  it.each([1, 2, 3])('never runs more than %i job(s) at once', async (concurrency) => {
    const queue = open({ attempts: 1 })
    const gates = new Map<string, Deferred>()
    let running = 0
    let most = 0
    const handlers: JobHandlers = {
      atomize: async (data) => {
        running++
        most = Math.max(most, running)
        const gate = deferred()
        gates.set(data.documentId, gate)
        await gate.promise
        running--
      },
      ...idleHandlers,
    }
    await queue.work(handlers, { concurrency })
    for (let n = 0; n < 7; n++) await queue.enqueue('atomize', payload(n), { jobId: `job-${n}` })
    let released = 0
    while (released < 7) {
      await eventually(() => expect(gates.size).toBeGreaterThan(0))
      expect(running).toBeLessThanOrEqual(concurrency)
      expect((await queue.stats()).active).toBe(Math.min(concurrency, 7 - released))
      const [id, gate] = gates.entries().next().value!
      gates.delete(id)
      gate.resolve()
      released++
      await eventually(async () => expect((await queue.stats()).completed).toBe(released))
    }
    expect(most).toBe(concurrency)
  })

  it('waits backoffMs × 2^(n-1) before retry n, and stops after `attempts`', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const queue = open({ attempts: 3, backoffMs: 100 })
    const attempts: number[] = []
    await queue.work({
      ...idleHandlers,
      atomize: async (_data, context) => {
        attempts.push(context.attempt)
        throw new Error('transient')
      },
    }, { concurrency: 1 })
    await queue.enqueue('atomize', payload(1), { jobId: 'flaky' })
    await vi.advanceTimersByTimeAsync(0)
    expect(attempts).toEqual([1])
    expect(await queue.stats()).toMatchObject({ waiting: 1, active: 0, failed: 0 })

    await vi.advanceTimersByTimeAsync(99)
    expect(attempts).toEqual([1])
    await vi.advanceTimersByTimeAsync(1)
    expect(attempts).toEqual([1, 2])

    await vi.advanceTimersByTimeAsync(199)
    expect(attempts).toEqual([1, 2])
    await vi.advanceTimersByTimeAsync(1)
    expect(attempts).toEqual([1, 2, 3])

    await vi.advanceTimersByTimeAsync(10_000)
    expect(attempts).toEqual([1, 2, 3])
    expect(await queue.stats()).toEqual({ waiting: 0, active: 0, completed: 0, failed: 1 })
  })

  it('does not queue a job id again while it waits for a retry', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const queue = open({ attempts: 2, backoffMs: 1000 })
    const attempts: number[] = []
    await queue.work({
      ...idleHandlers,
      atomize: async (_data, context) => {
        attempts.push(context.attempt)
        if (context.attempt === 1) throw new Error('transient')
      },
    }, { concurrency: 1 })
    await queue.enqueue('atomize', payload(1), { jobId: 'retrying' })
    await vi.advanceTimersByTimeAsync(0)
    await queue.enqueue('atomize', payload(1), { jobId: 'retrying' })
    await vi.advanceTimersByTimeAsync(0)
    expect(attempts).toEqual([1])
    expect((await queue.stats()).waiting).toBe(1)
    await vi.advanceTimersByTimeAsync(1000)
    expect(attempts).toEqual([1, 2])
    expect(await queue.stats()).toEqual({ waiting: 0, active: 0, completed: 1, failed: 0 })
  })

  it('runs a job id again once the earlier run has finished', async () => {
    const queue = open({ attempts: 1 })
    let runs = 0
    await queue.work({ atomize: async () => void runs++, ...idleHandlers }, { concurrency: 1 })
    await queue.enqueue('atomize', payload(1), { jobId: 'again' })
    await eventually(async () => expect((await queue.stats()).completed).toBe(1))
    await queue.enqueue('atomize', payload(1), { jobId: 'again' })
    await eventually(async () => expect((await queue.stats()).completed).toBe(2))
    expect(runs).toBe(2)
  })

  it('does not retry a PermanentJobError even with attempts left', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const queue = open({ attempts: 5, backoffMs: 10 })
    const attempts: number[] = []
    await queue.work({
      ...idleHandlers,
      atomize: async (_data, context) => {
        attempts.push(context.attempt)
        throw new PermanentJobError('bad input')
      },
    }, { concurrency: 1 })
    await queue.enqueue('atomize', payload(1), { jobId: 'bad' })
    await vi.advanceTimersByTimeAsync(60_000)
    expect(attempts).toEqual([1])
    expect(await queue.stats()).toEqual({ waiting: 0, active: 0, completed: 0, failed: 1 })
  })

  it('frees the slot of a handler that throws before returning a promise', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const queue = open({ attempts: 1 })
    const ran: string[] = []
    const handlers = {
      atomize: ((data: JobPayloads['atomize']) => {
        ran.push(data.documentId)
        if (data.documentId === 'doc-1') throw new PermanentJobError('thrown synchronously')
        return Promise.resolve()
      }) as JobHandlers['atomize'],
      ...idleHandlers,
    }
    await queue.work(handlers, { concurrency: 1 })
    await queue.enqueue('atomize', payload(1), { jobId: 'sync-throw' })
    await queue.enqueue('atomize', payload(2), { jobId: 'next' })
    await eventually(() => expect(ran).toEqual(['doc-1', 'doc-2']))
    await eventually(async () => expect(await queue.stats()).toEqual({ waiting: 0, active: 0, completed: 1, failed: 1 }))
    // The id is free again: a later enqueue runs.
    await queue.enqueue('atomize', payload(1), { jobId: 'sync-throw' })
    await eventually(() => expect(ran).toEqual(['doc-1', 'doc-2', 'doc-1']))
  })

  it('accepts progress reports, even out of range, without failing the job', async () => {
    const queue = open({ attempts: 1 })
    const reports: Promise<void>[] = []
    await queue.work({
      ...idleHandlers,
      atomize: async (_data, context: JobContext) => {
        for (const value of [-1, 0, 0.5, 1, 2]) reports.push(context.progress(value))
        await Promise.all(reports)
      },
    }, { concurrency: 1 })
    await queue.enqueue('atomize', payload(1), { jobId: 'progress' })
    await eventually(async () => expect((await queue.stats()).completed).toBe(1))
    expect(reports).toHaveLength(5)
  })

  it('on close aborts running handlers, neither retries nor fails them, drops waiting jobs, and refuses new ones', async () => {
    const queue = open({ attempts: 3, backoffMs: 1 })
    const started: string[] = []
    const signals: AbortSignal[] = []
    await queue.work({
      ...idleHandlers,
      atomize: async (data, context) => {
        started.push(data.documentId)
        signals.push(context.signal)
        await new Promise<void>(resolve => context.signal.addEventListener('abort', () => resolve(), { once: true }))
        throw new Error('interrupted')
      },
    }, { concurrency: 2 })
    for (let n = 0; n < 4; n++) await queue.enqueue('atomize', payload(n), { jobId: `job-${n}` })
    await eventually(() => expect(started).toHaveLength(2))
    await queue.close()
    expect(signals.map(signal => signal.aborted)).toEqual([true, true])
    expect(await queue.stats()).toEqual({ waiting: 0, active: 0, completed: 0, failed: 0 })
    expect(started).toHaveLength(2)
    await expect(queue.enqueue('atomize', payload(9), { jobId: 'late' })).rejects.toThrow(/closed/)
  })

  it('waits for work before running anything', async () => {
    const queue = open({ attempts: 1 })
    await queue.enqueue('atomize', payload(1), { jobId: 'early' })
    expect(await queue.stats()).toEqual({ waiting: 1, active: 0, completed: 0, failed: 0 })
  })
})
