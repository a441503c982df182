import type { Drivers } from '../drivers'
import { signInLockoutsCeiling } from '../drivers/limits/buckets'
import type { RateLimitDecision } from '../drivers/limits/types'
import { problems } from '../errors'

type LimitDrivers = Pick<Drivers, 'limits'>

/** The first lock of an account lasts this long; each lock within a day lasts twice as long as the last, up to an hour. */
const firstLockSeconds = 60
const longestLockSeconds = 3600

const refuseUnlessAllowed = (decisions: RateLimitDecision[]) => {
  const refused = decisions.filter(decision => !decision.allowed)
  if (refused.length > 0) throw problems.tooManyRequests(Math.max(...refused.map(decision => decision.retryAfterSeconds)))
}

/**
 * Sign-in throttling. Only failures count, per client address and per account (the email, known or not,
 * so a lock says nothing about whether the account exists); a correct password is refused only while the
 * address or the account is out of failures.
 */
export const signInThrottle = {
  /** Before the body is read: refused while this address has no failures left. */
  async checkAddress(drivers: LimitDrivers, address: string): Promise<void> {
    refuseUnlessAllowed([await drivers.limits.check('signInAddress', address)])
  },

  /** Before the password is checked: refused while the account has no failures left, or is locked. */
  async checkAccount(drivers: LimitDrivers, email: string): Promise<void> {
    refuseUnlessAllowed([await drivers.limits.check('signInAccount', email)])
  },

  /** Counts a wrong password; the failure that uses up the account's allowance locks it, with backoff. */
  async failed(drivers: LimitDrivers, address: string, email: string): Promise<void> {
    const [, account] = await Promise.all([
      drivers.limits.consume('signInAddress', address),
      drivers.limits.consume('signInAccount', email),
    ])
    if (account.allowed && account.remaining > 0) return
    const lockout = await drivers.limits.consume('signInLockouts', email)
    const earlierLocks = signInLockoutsCeiling - lockout.remaining - 1
    await drivers.limits.block('signInAccount', email, Math.min(longestLockSeconds, firstLockSeconds * 2 ** earlierLocks))
  },

  /** A correct password: the account's failures are forgotten (its earlier locks still count for a day). */
  async succeeded(drivers: LimitDrivers, email: string): Promise<void> {
    await drivers.limits.reset('signInAccount', email)
  },
}
