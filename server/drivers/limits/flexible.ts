import { createHash } from 'node:crypto'
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible'
import type { RateLimitBucket, RateLimitDecision, RateLimitRule, RateLimitRules, RateLimits } from './types'

const allowed = (remaining: number): RateLimitDecision => ({ allowed: true, remaining, retryAfterSeconds: 0 })
const refused = (msBeforeNext: number): RateLimitDecision => ({ allowed: false, remaining: 0, retryAfterSeconds: Math.max(1, Math.ceil(msBeforeNext / 1000)) })

/**
 * Rate limits on rate-limiter-flexible, one limiter per bucket; the drivers differ only in where the
 * limiters count. Keys are hashed, so no address or email is stored in the clear.
 */
export function flexibleLimits(
  kind: string,
  rules: RateLimitRules,
  limiterFor: (bucket: RateLimitBucket, rule: RateLimitRule) => RateLimiterAbstract,
  close: () => Promise<void> = async () => {},
): RateLimits {
  const limiters = Object.fromEntries(
    (Object.entries(rules) as [RateLimitBucket, RateLimitRule][]).map(([bucket, rule]) => [bucket, limiterFor(bucket, rule)]),
  ) as Record<RateLimitBucket, RateLimiterAbstract>
  const hashed = (key: string) => createHash('sha256').update(key).digest('base64url')
  return {
    kind,
    async consume(bucket, key) {
      try {
        return allowed((await limiters[bucket].consume(hashed(key))).remainingPoints)
      }
      catch (refusal) {
        // The library rejects with its result when over the limit, and with an Error when it cannot count.
        if (!(refusal instanceof RateLimiterRes)) throw refusal
        return refused(refusal.msBeforeNext)
      }
    },
    async check(bucket, key) {
      const { points } = rules[bucket]
      const state = await limiters[bucket].get(hashed(key))
      if (!state) return allowed(points)
      // A block counts as more than the allowance.
      return state.consumedPoints >= points ? refused(state.msBeforeNext) : allowed(points - state.consumedPoints)
    },
    async block(bucket, key, seconds) {
      await limiters[bucket].block(hashed(key), seconds)
    },
    async reset(bucket, key) {
      await limiters[bucket].delete(hashed(key))
    },
    close,
  }
}
