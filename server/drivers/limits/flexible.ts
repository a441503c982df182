import { createHash } from 'node:crypto'
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible'
import type { RateLimitBucket, RateLimitDecision, RateLimitRule, RateLimitRules, RateLimits } from './types'

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
  return {
    kind,
    async consume(bucket, key): Promise<RateLimitDecision> {
      const hashed = createHash('sha256').update(key).digest('base64url')
      try {
        const result = await limiters[bucket].consume(hashed)
        return { allowed: true, remaining: result.remainingPoints, retryAfterSeconds: 0 }
      }
      catch (refusal) {
        // The library rejects with its result when over the limit, and with an Error when it cannot count.
        if (!(refusal instanceof RateLimiterRes)) throw refusal
        return { allowed: false, remaining: 0, retryAfterSeconds: Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)) }
      }
    },
    close,
  }
}
