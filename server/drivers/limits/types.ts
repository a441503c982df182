/** The things limited, each with its own allowance: see `buckets.ts`. */
export type RateLimitBucket = 'login' | 'register' | 'uploads'

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
  close(): Promise<void>
}
