/** The things limited, each with its own allowance: see `buckets.ts`. */
export type RateLimitBucket
  = | 'signInAddress' | 'signInAccount' | 'signInLockouts' | 'register'
    | 'uploads' | 'edits' | 'search' | 'subscriptions'
    | 'passwordResetAddress' | 'ssoCallbackAddress'

export interface RateLimitRule {
  /** Requests allowed per window. */
  points: number
  durationSeconds: number
}

export type RateLimitRules = Record<RateLimitBucket, RateLimitRule>

export interface RateLimitDecision {
  allowed: boolean
  /** Requests still allowed in the current window after this one. */
  remaining: number
  /** When refused: seconds until a request is allowed again (at least 1); 0 when allowed. */
  retryAfterSeconds: number
}

/** Counts requests per bucket and key (an address, a user) in fixed windows, across every instance of the app. */
export interface RateLimits {
  readonly kind: string
  /** Counts one request and says whether it may go ahead. */
  consume(bucket: RateLimitBucket, key: string): Promise<RateLimitDecision>
  /** Whether a request may go ahead (some of the allowance is left, and the key is not blocked), without counting it. */
  check(bucket: RateLimitBucket, key: string): Promise<RateLimitDecision>
  /** Refuses the key for this long, whatever is left of its allowance. */
  block(bucket: RateLimitBucket, key: string, seconds: number): Promise<void>
  /** Forgets the key's count (and any block). */
  reset(bucket: RateLimitBucket, key: string): Promise<void>
  close(): Promise<void>
}
