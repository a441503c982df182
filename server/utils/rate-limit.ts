import type { H3Event } from 'h3'
import type { RateLimitBucket } from '../drivers/limits/types'
import { problems } from '../errors'

/** Counts the request in the bucket for this key; over the limit the request ends with 429 and Retry-After. */
export async function enforceRateLimit(bucket: RateLimitBucket, key: string): Promise<void> {
  const decision = await useDrivers().limits.consume(bucket, key)
  if (!decision.allowed) throw problems.tooManyRequests(decision.retryAfterSeconds)
}

/** Sign-in and registration attempts count per client address and email (already lower-cased by the schema). */
export const credentialsRateKey = (event: H3Event, email: string): string => `${getRequestIP(event) ?? 'unknown'}|${email}`
