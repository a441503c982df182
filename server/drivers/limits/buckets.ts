import type { AppConfig } from '../../config'
import type { RateLimitRules } from './types'

export type RateLimitSettings = Pick<AppConfig,
  'rateLimitLogin' | 'rateLimitLoginAddress' | 'rateLimitRegister' | 'rateLimitUploads' | 'rateLimitEdits' | 'rateLimitSearch' | 'rateLimitSubscriptions'>

/** The allowance of `signInLockouts`, never reached: its count is what matters. */
export const signInLockoutsCeiling = 1_000_000

/** The one place that says how much of what is allowed. */
export function rateLimitRules(config: RateLimitSettings): RateLimitRules {
  return {
    // Failed sign-ins only: a correct password is never refused for others' failures, and a proxy's
    // many users share the address allowance only if the proxy is not trusted (NUXT_TRUSTED_PROXIES).
    signInAddress: { points: config.rateLimitLoginAddress, durationSeconds: 600 },
    signInAccount: { points: config.rateLimitLogin, durationSeconds: 600 },
    // How often an account was locked in the last day: each lock lasts twice as long as the one before.
    signInLockouts: { points: signInLockoutsCeiling, durationSeconds: 24 * 3600 },
    // Every use of a reset link and every single sign-on callback counts, as sign-in failures do.
    passwordResetAddress: { points: config.rateLimitLoginAddress, durationSeconds: 600 },
    ssoCallbackAddress: { points: config.rateLimitLoginAddress, durationSeconds: 600 },
    register: { points: config.rateLimitRegister, durationSeconds: 3600 },
    // Per user: each stores a file and queues an atomization.
    uploads: { points: config.rateLimitUploads, durationSeconds: 60 },
    // Per user: each re-embeds atoms and rewrites the index.
    edits: { points: config.rateLimitEdits, durationSeconds: 60 },
    search: { points: config.rateLimitSearch, durationSeconds: 60 },
    // Per user: each holds an event-bus subscription and reads the store on every event.
    subscriptions: { points: config.rateLimitSubscriptions, durationSeconds: 60 },
  }
}
