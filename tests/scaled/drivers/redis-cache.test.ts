import { afterEach, describe, expect, it } from 'vitest'
import { createRedisCache, type RedisCache, type RedisCacheOptions } from '../../../server/drivers/cache/redis'
import { describeCacheContract } from '../../contracts/cache.contract'
import { redisFixture } from '../../support/redis'
import { eventually } from '../../support/wait'

const redis = redisFixture()
const url = redis.url

/** A cache on the real Redis under a prefix of its own, subscribed to invalidations before it is used. */
async function openCache(options: Partial<RedisCacheOptions> = {}): Promise<RedisCache> {
  const prefix = options.prefix ?? redis.prefix('test-cache')
  const cache = createRedisCache({ url, ...options, prefix })
  await cache.ready
  return cache
}

describeCacheContract('redis (two levels)', () => openCache())

describe('redis cache', () => {
  const open: RedisCache[] = []
  const track = async (options: Partial<RedisCacheOptions> = {}) => {
    const cache = await openCache(options)
    open.push(cache)
    return cache
  }

  afterEach(async () => {
    await Promise.all(open.splice(0).map(cache => cache.close()))
  })

  /** Replaces the value in Redis behind the caches' backs, as the entry format says, without an invalidation. */
  const overwriteInRedis = (prefix: string, key: string, value: unknown) =>
    redis.raw().set(`${prefix}:cache:${key}`, JSON.stringify({ value, expiresAt: Date.now() + 600_000 }), 'EX', 600)

  it('keeps entries under its prefix in Redis, with their time to live', async () => {
    const prefix = redis.prefix('test-cache')
    const cache = await track({ prefix })
    await cache.set('atom:a1', { title: 'kept' }, 120)
    const ttl = await redis.raw().ttl(`${prefix}:cache:atom:a1`)
    expect(ttl).toBeGreaterThan(100)
    expect(ttl).toBeLessThanOrEqual(120)
    await cache.set('atom:a2', 'default')
    expect(await redis.raw().ttl(`${prefix}:cache:atom:a2`)).toBeGreaterThan(250)
  })

  it('serves repeated reads from the first level', async () => {
    const prefix = redis.prefix('test-cache')
    const cache = await track({ prefix, l1TtlSeconds: 60 })
    await cache.set('k', 'original')
    await overwriteInRedis(prefix, 'k', 'changed behind its back')
    expect(await cache.get('k')).toBe('original')
  })

  it('reads through to Redis once the first level\'s short time to live has passed', async () => {
    const prefix = redis.prefix('test-cache')
    const cache = await track({ prefix, l1TtlSeconds: 1 })
    await cache.set('k', 'original')
    await overwriteInRedis(prefix, 'k', 'changed behind its back')
    await eventually(async () => expect(await cache.get('k')).toBe('changed behind its back'), { timeoutMs: 5_000, intervalMs: 100 })
  })

  it('drops a key from another instance\'s first level when one instance deletes it', async () => {
    const prefix = redis.prefix('test-cache')
    const a = await track({ prefix, l1TtlSeconds: 600 })
    const b = await track({ prefix, l1TtlSeconds: 600 })
    await a.set('atom:1', { title: 'v1' })
    expect(await b.get('atom:1')).toEqual({ title: 'v1' })
    // B now holds it in its first level: a change in Redis alone does not reach it.
    await overwriteInRedis(prefix, 'atom:1', { title: 'unseen' })
    expect(await b.get('atom:1')).toEqual({ title: 'v1' })

    await a.delete('atom:1')
    await eventually(async () => expect(await b.get('atom:1')).toBeUndefined())
    expect(await a.get('atom:1')).toBeUndefined()
  })

  it('shows another instance\'s new value after a set', async () => {
    const prefix = redis.prefix('test-cache')
    const a = await track({ prefix, l1TtlSeconds: 600 })
    const b = await track({ prefix, l1TtlSeconds: 600 })
    await a.set('atom:1', 'v1')
    expect(await b.get('atom:1')).toBe('v1')
    await a.set('atom:1', 'v2')
    await eventually(async () => expect(await b.get('atom:1')).toBe('v2'))
    // And the instance that set it sees its own write at once.
    expect(await a.get('atom:1')).toBe('v2')
  })

  it('never keeps a first-level copy longer than the entry lives in Redis', async () => {
    const prefix = redis.prefix('test-cache')
    const a = await track({ prefix, l1TtlSeconds: 600 })
    const b = await track({ prefix, l1TtlSeconds: 600 })
    await a.set('short', 'lived', 1)
    expect(await b.get('short')).toBe('lived')
    await eventually(async () => {
      expect(await a.get('short')).toBeUndefined()
      expect(await b.get('short')).toBeUndefined()
    }, { timeoutMs: 5_000, intervalMs: 100 })
  })

  it('keeps instances under other prefixes apart', async () => {
    const a = await track()
    const b = await track()
    await a.set('same-key', 'in a')
    expect(await b.get('same-key')).toBeUndefined()
  })
})
