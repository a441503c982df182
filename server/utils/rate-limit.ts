import type { H3Event } from 'h3'
import type { RateLimitBucket } from '../drivers/limits/types'
import { clientAddress } from '../http/trust'
import { spendAllowance } from '../services/limits'

/** Counts the request in the bucket for this key; over the limit the request ends with 429 and Retry-After. */
export const enforceRateLimit = (bucket: RateLimitBucket, key: string): Promise<void> => spendAllowance(useDrivers(), bucket, key)

/** The client's address, through the trusted proxies only (NUXT_TRUSTED_PROXIES). */
export const requestAddress = (event: H3Event): string => clientAddress(event.node.req, useConfig().trustedProxies)
