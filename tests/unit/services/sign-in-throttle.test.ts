import { describe, expect, it } from 'vitest'
import { configDefaults } from '../../../server/config'
import { rateLimitRules } from '../../../server/drivers/limits/buckets'
import { createMemoryLimits } from '../../../server/drivers/limits/memory'
import { ProblemError } from '../../../server/errors'
import { signInThrottle } from '../../../server/services/sign-in-throttle'

const refusal = async (attempt: Promise<unknown>) => {
  const error = await attempt.then(() => undefined, (thrown: unknown) => thrown)
  expect(error).toBeInstanceOf(ProblemError)
  return error as ProblemError
}

describe('sign-in throttling', () => {
  it('locks an account once its failures are used up, each lock within a day twice as long as the last', async () => {
    const drivers = { limits: createMemoryLimits(rateLimitRules({ ...configDefaults, rateLimitLogin: 2 })) }
    const email = 'ada@example.test'
    const locks: number[] = []
    for (let lock = 0; lock < 8; lock++) {
      await signInThrottle.checkAccount(drivers, email)
      await signInThrottle.failed(drivers, '192.0.2.1', email)
      await signInThrottle.checkAccount(drivers, email)
      await signInThrottle.failed(drivers, '192.0.2.1', email)
      const refused = await refusal(signInThrottle.checkAccount(drivers, email))
      expect(refused.status).toBe(429)
      locks.push(Number(refused.headers!['retry-after']))
      // The lock ends (as if its time passed): the account's failures start again.
      await drivers.limits.reset('signInAccount', email)
    }
    expect(locks).toEqual([60, 120, 240, 480, 960, 1920, 3600, 3600])
    await drivers.limits.close()
  })

  it('forgets an account\'s failures on a correct password, and counts an address\'s over every email', async () => {
    const drivers = { limits: createMemoryLimits(rateLimitRules({ ...configDefaults, rateLimitLogin: 2, rateLimitLoginAddress: 3 })) }
    await signInThrottle.failed(drivers, '192.0.2.1', 'a@example.test')
    await signInThrottle.succeeded(drivers, 'a@example.test')
    await signInThrottle.failed(drivers, '192.0.2.1', 'a@example.test')
    await signInThrottle.checkAccount(drivers, 'a@example.test')
    await signInThrottle.failed(drivers, '192.0.2.1', 'b@example.test')
    expect((await refusal(signInThrottle.checkAddress(drivers, '192.0.2.1'))).status).toBe(429)
    await signInThrottle.checkAddress(drivers, '192.0.2.2')
    await drivers.limits.close()
  })
})
