import { RateLimiterMemory } from 'rate-limiter-flexible'
import { flexibleLimits } from './flexible'
import type { RateLimitRules, RateLimits } from './types'

/** Counts in this process: right for one instance; a restart forgets the counts. */
export function createMemoryLimits(rules: RateLimitRules): RateLimits {
  return flexibleLimits('memory', rules, (bucket, rule) =>
    new RateLimiterMemory({ keyPrefix: bucket, points: rule.points, duration: rule.durationSeconds }))
}
