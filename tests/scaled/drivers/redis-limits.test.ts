import { describe, expect, it, vi } from 'vitest'
import { createRedisLimits } from '../../../server/drivers/limits/redis'
import type { RateLimitRules, RateLimits } from '../../../server/drivers/limits/types'
import { contractRules, describeLimitsContract } from '../../contracts/limits.contract'
import { redisFixture } from '../../support/redis'

const redis = redisFixture()
const url = redis.url

function limits(rules: RateLimitRules = contractRules, prefix = redis.prefix('test-limits')): RateLimits {
  return createRedisLimits({ url, prefix, rules })
}

describeLimitsContract('redis', rules => limits(rules))

describe('redis limits', () => {
  it('count across instances sharing the Redis', async () => {
    const prefix = redis.prefix('test-limits')
    const a = limits(contractRules, prefix)
    const b = limits(contractRules, prefix)
    await a.consume('signInAccount', 'shared')
    await b.consume('signInAccount', 'shared')
    expect(await a.consume('signInAccount', 'shared')).toEqual({ allowed: true, remaining: 0, retryAfterSeconds: 0 })
    expect((await b.consume('signInAccount', 'shared')).allowed).toBe(false)
    await Promise.all([a.close(), b.close()])
  })

  it('keep counters under the prefix, expiring with the window, without the key in the clear', async () => {
    const prefix = redis.prefix('test-limits')
    const limiter = limits(contractRules, prefix)
    await limiter.consume('signInAccount', '203.0.113.7|ada@example.test')
    const keys = await redis.raw().keys(`${prefix}:limits:signInAccount*`)
    expect(keys).toHaveLength(1)
    expect(keys[0]).not.toContain('ada@example.test')
    expect(keys[0]).not.toContain('203.0.113.7')
    const ttl = await redis.raw().ttl(keys[0]!)
    expect(ttl).toBeGreaterThan(0)
    expect(ttl).toBeLessThanOrEqual(60)
    await limiter.close()
  })

  it('still limits, per instance, while Redis is unreachable', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const unreachable = createRedisLimits({ url: 'redis://127.0.0.1:1', prefix: redis.prefix('test-limits'), rules: contractRules })
    for (let i = 0; i < 3; i++) expect((await unreachable.consume('signInAccount', 'k')).allowed).toBe(true)
    expect((await unreachable.consume('signInAccount', 'k')).allowed).toBe(false)
    await unreachable.close()
    warn.mockRestore()
  })
})
