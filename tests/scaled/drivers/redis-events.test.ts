import { afterEach, describe, expect, it, vi } from 'vitest'
import { createRedisEventBus } from '../../../server/drivers/events/redis'
import type { EventBus } from '../../../server/drivers/events/types'
import { describeEventBusContract } from '../../contracts/events.contract'
import { redisFixture } from '../../support/redis'
import { eventually } from '../../support/wait'

const redis = redisFixture()
const url = redis.url

describeEventBusContract('redis', () => createRedisEventBus({ url, prefix: redis.prefix('test-events') }))

describe('redis event bus', () => {
  const open: EventBus[] = []
  const bus = (prefix: string) => {
    const created = createRedisEventBus({ url, prefix })
    open.push(created)
    return created
  }

  afterEach(async () => {
    await Promise.all(open.splice(0).map(each => each.close()))
    vi.restoreAllMocks()
  })

  it('delivers what one instance publishes to another instance\'s subscribers', async () => {
    const prefix = redis.prefix('test-events')
    const a = bus(prefix)
    const b = bus(prefix)
    const atA: unknown[] = []
    const atB: unknown[] = []
    await a.subscribe('document:1', message => atA.push(message))
    await b.subscribe('document:1', message => atB.push(message))
    await a.publish('document:1', { type: 'document', progress: 0.25 })
    await b.publish('document:1', { type: 'document', progress: 0.5 })
    await eventually(() => expect(atB).toEqual([{ type: 'document', progress: 0.25 }, { type: 'document', progress: 0.5 }]))
    await eventually(() => expect(atA).toEqual([{ type: 'document', progress: 0.25 }, { type: 'document', progress: 0.5 }]))
  })

  it('keeps apps under other prefixes apart', async () => {
    const here = bus(redis.prefix('test-events'))
    const elsewhere = bus(redis.prefix('test-events'))
    const received: unknown[] = []
    await elsewhere.subscribe('document:1', message => received.push(message))
    await here.publish('document:1', 'not for elsewhere')
    await elsewhere.publish('document:1', 'barrier')
    await eventually(() => expect(received).toEqual(['barrier']))
  })

  it('holds one Redis subscription per channel, whatever the number of local listeners, and ends it with the last', async () => {
    const prefix = redis.prefix('test-events')
    const events = bus(prefix)
    const channel = `${prefix}:events:document:9`
    const subscribers = async () => (await redis.raw().pubsub('NUMSUB', channel) as [string, number])[1]
    const ends = await Promise.all([1, 2, 3].map(() => events.subscribe('document:9', () => {})))
    expect(await subscribers()).toBe(1)
    await ends[0]!()
    await ends[1]!()
    expect(await subscribers()).toBe(1)
    await ends[2]!()
    await eventually(async () => expect(await subscribers()).toBe(0))
  })

  it('makes every concurrent subscriber wait until the channel is live', async () => {
    const prefix = redis.prefix('test-events')
    const subscriberBus = bus(prefix)
    const publisherBus = bus(prefix)
    const first: unknown[] = []
    const second: unknown[] = []
    await Promise.all([
      subscriberBus.subscribe('c', message => first.push(message)),
      subscriberBus.subscribe('c', message => second.push(message)),
    ])
    await publisherBus.publish('c', 'at once')
    await eventually(() => expect(second).toEqual(['at once']))
    expect(first).toEqual(['at once'])
  })

  it('keeps delivering to other listeners when one throws', async () => {
    const events = bus(redis.prefix('test-events'))
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    const received: unknown[] = []
    await events.subscribe('c', () => {
      throw new Error('listener bug')
    })
    await events.subscribe('c', message => received.push(message))
    await events.publish('c', 'hello')
    await eventually(() => expect(received).toEqual(['hello']))
    expect(error).toHaveBeenCalled()
  })

  it('ignores publishing once closed', async () => {
    const events = createRedisEventBus({ url, prefix: redis.prefix('test-events') })
    await events.close()
    await expect(events.publish('c', 'late')).resolves.toBeUndefined()
  })
})
