import { afterEach, describe, expect, it } from 'vitest'
import { createBullQueue, type BullQueueOptions } from '../../../server/drivers/queue/bullmq'
import type { JobContext, JobHandlers, JobQueue } from '../../../server/drivers/queue/types'
import { redisFixture } from '../../support/redis'
import { eventually } from '../../support/wait'
import { describeQueueContract, idleHandlers } from '../../contracts/queue.contract'

const redis = redisFixture()

describeQueueContract('bullmq', ({ attempts }) => createBullQueue({ url: redis.url, prefix: redis.prefix('atomizer-test'), attempts, backoffMs: 50 }))

describe('bullmq queue', () => {
  const queues: JobQueue[] = []
  const open = (options: Partial<BullQueueOptions> & { prefix: string }) => {
    const queue = createBullQueue({ url: redis.url, attempts: 3, backoffMs: 50, ...options })
    queues.push(queue)
    return queue
  }
  const handlersOf = (atomize: (context: JobContext) => Promise<void>): JobHandlers => ({
    atomize: (_data, context) => atomize(context),
    ...idleHandlers,
  })

  afterEach(async () => {
    await Promise.all(queues.splice(0).map(queue => queue.close()))
  })

  it('runs jobs only in processes that work; enqueuing instances share the queue', async () => {
    const prefix = redis.prefix('atomizer-test')
    const web = open({ prefix })
    const worker = open({ prefix })
    expect(web.runsInProcess).toBe(false)
    const ran: string[] = []
    await worker.work(handlersOf(async context => void ran.push(context.jobId)), { concurrency: 2 })
    await web.enqueue('atomize', { documentId: 'd1', version: 1 }, { jobId: 'from-web' })
    await eventually(() => expect(ran).toEqual(['from-web']))
    expect(await web.stats()).toMatchObject({ completed: 1 })
  })

  it('hands a running job back on shutdown without spending an attempt; another worker finishes it', async () => {
    const prefix = redis.prefix('atomizer-test')
    const first = open({ prefix })
    const runs: { worker: string, attempt: number }[] = []
    await first.work(handlersOf(context => new Promise((_resolve, reject) => {
      runs.push({ worker: 'first', attempt: context.attempt })
      context.signal.addEventListener('abort', () => reject(new Error('interrupted')), { once: true })
    })), { concurrency: 1 })
    await first.enqueue('atomize', { documentId: 'd1', version: 1 }, { jobId: 'handed-back' })
    await eventually(() => expect(runs).toHaveLength(1))
    await first.close()

    const second = open({ prefix })
    await second.work(handlersOf(async context => void runs.push({ worker: 'second', attempt: context.attempt })), { concurrency: 1 })
    await eventually(async () => expect((await second.stats()).completed).toBe(1), { timeoutMs: 20_000 })
    expect(runs).toEqual([{ worker: 'first', attempt: 1 }, { worker: 'second', attempt: 1 }])
    expect(await second.failed(10)).toEqual([])
  })

  it('runs a job again after it finished, when enqueued again under the same id', async () => {
    const prefix = redis.prefix('atomizer-test')
    const queue = open({ prefix })
    let runs = 0
    await queue.work(handlersOf(async () => void runs++), { concurrency: 1 })
    await queue.enqueue('atomize', { documentId: 'd1', version: 1 }, { jobId: 'again' })
    await eventually(() => expect(runs).toBe(1))
    await eventually(async () => expect((await queue.stats()).active).toBe(0))
    await queue.enqueue('atomize', { documentId: 'd1', version: 1 }, { jobId: 'again' })
    await eventually(() => expect(runs).toBe(2))
  })
})
