import type { AppConfig } from '../../config'
import type { RateLimitRules } from './types'

/** The one place that says how much of what is allowed. */
export function rateLimitRules(config: Pick<AppConfig, 'rateLimitLogin' | 'rateLimitUploads'>): RateLimitRules {
  return {
    // Per address and email: slows password guessing without locking out a user others share an address with.
    login: { points: config.rateLimitLogin, durationSeconds: 60 },
    register: { points: config.rateLimitLogin, durationSeconds: 60 },
    // Per user: each upload stores a file and queues an atomization.
    uploads: { points: config.rateLimitUploads, durationSeconds: 60 },
  }
}
