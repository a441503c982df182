import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible'
import { closeRedis, openRedis } from '../redis-connection'
import { flexibleLimits } from './flexible'
import type { RateLimitRules, RateLimits } from './types'

export interface RedisLimitsOptions {
  url: string
  /** Namespaces the counters, so several apps (or test runs) share one Redis. */
  prefix: string
  rules: RateLimitRules
}

/**
 * Counts in Redis, so the limits hold across instances. While Redis is unreachable each instance counts
 * on its own (the library's insurance limiter) at once, rather than waiting for Redis or letting everything through.
 */
export function createRedisLimits({ url, prefix, rules }: RedisLimitsOptions): RateLimits {
  const client = openRedis(url, 'limits')
  // Until the first connection attempt ends, "not ready" means "starting", not "down": wait for it.
  const started = new Promise<void>((resolve) => {
    client.once('ready', resolve)
    client.once('error', () => resolve())
  })
  const limits = flexibleLimits('redis', rules, (bucket, rule) => new RateLimiterRedis({
    storeClient: client,
    keyPrefix: `${prefix}:limits:${bucket}`,
    points: rule.points,
    duration: rule.durationSeconds,
    rejectIfRedisNotReady: true,
    insuranceLimiter: new RateLimiterMemory({ keyPrefix: bucket, points: rule.points, duration: rule.durationSeconds }),
  }), () => closeRedis(client))
  return {
    ...limits,
    consume: async (bucket, key) => (await started, limits.consume(bucket, key)),
    check: async (bucket, key) => (await started, limits.check(bucket, key)),
    block: async (bucket, key, seconds) => (await started, limits.block(bucket, key, seconds)),
    reset: async (bucket, key) => (await started, limits.reset(bucket, key)),
  }
}
