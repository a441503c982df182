import type { Drivers } from '../drivers'
import type { RateLimitBucket } from '../drivers/limits/types'
import { problems } from '../errors'

type LimitDrivers = Pick<Drivers, 'limits'>

/** Counts one use of the bucket for the key (a user id, an address); past the allowance, 429 with Retry-After. */
export async function spendAllowance(drivers: LimitDrivers, bucket: RateLimitBucket, key: string): Promise<void> {
  const decision = await drivers.limits.consume(bucket, key)
  if (!decision.allowed) throw problems.tooManyRequests(decision.retryAfterSeconds)
}
