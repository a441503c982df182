import { afterEach, describe, expect, it } from 'vitest'
import type { RateLimitRules, RateLimits } from '../../server/drivers/limits/types'
import { eventually } from '../support/wait'

/** Small allowances, so the suite reaches every limit quickly; `uploads` has a one-second window. */
export const contractRules: RateLimitRules = {
  signInAddress: { points: 3, durationSeconds: 60 },
  signInAccount: { points: 3, durationSeconds: 60 },
  signInLockouts: { points: 1000, durationSeconds: 60 },
  register: { points: 5, durationSeconds: 60 },
  uploads: { points: 2, durationSeconds: 1 },
  edits: { points: 3, durationSeconds: 60 },
  search: { points: 3, durationSeconds: 60 },
  subscriptions: { points: 3, durationSeconds: 60 },
  passwordResetAddress: { points: 3, durationSeconds: 60 },
  ssoCallbackAddress: { points: 3, durationSeconds: 60 },
}

/** What every `RateLimits` driver must do. `create` returns fresh limits (no counts) with the given rules; the suite closes them. */
export function describeLimitsContract(name: string, create: (rules: RateLimitRules) => Promise<RateLimits> | RateLimits) {
  describe(`RateLimits contract: ${name}`, () => {
    const open: RateLimits[] = []
    const limits = async (rules = contractRules) => {
      const created = await create(rules)
      open.push(created)
      return created
    }

    afterEach(async () => {
      await Promise.all(open.splice(0).map(each => each.close()))
    })

    it('allows the allowance, counting down what remains, then refuses with the time to wait', async () => {
      const limiter = await limits()
      const decisions = []
      for (let i = 0; i < 4; i++) decisions.push(await limiter.consume('signInAccount', '203.0.113.7|ada@example.test'))
      expect(decisions.slice(0, 3)).toEqual([
        { allowed: true, remaining: 2, retryAfterSeconds: 0 },
        { allowed: true, remaining: 1, retryAfterSeconds: 0 },
        { allowed: true, remaining: 0, retryAfterSeconds: 0 },
      ])
      expect(decisions[3]).toMatchObject({ allowed: false, remaining: 0 })
      expect(decisions[3]!.retryAfterSeconds).toBeGreaterThanOrEqual(1)
      expect(decisions[3]!.retryAfterSeconds).toBeLessThanOrEqual(60)
      expect(Number.isInteger(decisions[3]!.retryAfterSeconds)).toBe(true)
    })

    it('keeps refusing while the window lasts', async () => {
      const limiter = await limits()
      for (let i = 0; i < 3; i++) await limiter.consume('signInAccount', 'key')
      for (let i = 0; i < 3; i++) expect((await limiter.consume('signInAccount', 'key')).allowed).toBe(false)
    })

    it('counts each key on its own', async () => {
      const limiter = await limits()
      for (let i = 0; i < 3; i++) await limiter.consume('signInAccount', 'one')
      expect((await limiter.consume('signInAccount', 'one')).allowed).toBe(false)
      expect(await limiter.consume('signInAccount', 'two')).toEqual({ allowed: true, remaining: 2, retryAfterSeconds: 0 })
    })

    it('counts each bucket on its own, with its own allowance', async () => {
      const limiter = await limits()
      for (let i = 0; i < 3; i++) await limiter.consume('signInAccount', 'same-key')
      expect((await limiter.consume('signInAccount', 'same-key')).allowed).toBe(false)
      expect(await limiter.consume('register', 'same-key')).toEqual({ allowed: true, remaining: 4, retryAfterSeconds: 0 })
    })

    it('allows again once the window has passed', async () => {
      const limiter = await limits()
      await limiter.consume('uploads', 'user-1')
      await limiter.consume('uploads', 'user-1')
      const refused = await limiter.consume('uploads', 'user-1')
      expect(refused).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 1 })
      await eventually(async () => expect((await limiter.consume('uploads', 'user-1')).allowed).toBe(true), { timeoutMs: 5_000, intervalMs: 200 })
    })

    it('takes any text as a key', async () => {
      const limiter = await limits()
      for (const key of ['', ' ', 'ünïcödé|名前@例え.jp', 'a:b:*?[x]', 'x'.repeat(5000)]) {
        expect(await limiter.consume('register', key)).toEqual({ allowed: true, remaining: 4, retryAfterSeconds: 0 })
      }
    })

    it('checks without counting: allowed while some allowance is left, refused once it is used up', async () => {
      const limiter = await limits()
      expect(await limiter.check('signInAccount', 'fresh')).toEqual({ allowed: true, remaining: 3, retryAfterSeconds: 0 })
      await limiter.consume('signInAccount', 'fresh')
      expect(await limiter.check('signInAccount', 'fresh')).toEqual({ allowed: true, remaining: 2, retryAfterSeconds: 0 })
      expect(await limiter.check('signInAccount', 'fresh')).toEqual({ allowed: true, remaining: 2, retryAfterSeconds: 0 })
      await limiter.consume('signInAccount', 'fresh')
      await limiter.consume('signInAccount', 'fresh')
      const refused = await limiter.check('signInAccount', 'fresh')
      expect(refused).toMatchObject({ allowed: false, remaining: 0 })
      expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1)
      expect(refused.retryAfterSeconds).toBeLessThanOrEqual(60)
    })

    it('blocks a key for the time given, whatever is left, and forgets it on reset', async () => {
      const limiter = await limits()
      await limiter.block('signInAccount', 'locked', 120)
      const blocked = await limiter.check('signInAccount', 'locked')
      expect(blocked.allowed).toBe(false)
      // Longer than the window: the block sets the time.
      expect(blocked.retryAfterSeconds).toBeGreaterThan(60)
      expect(blocked.retryAfterSeconds).toBeLessThanOrEqual(120)
      expect((await limiter.consume('signInAccount', 'locked')).allowed).toBe(false)
      await limiter.reset('signInAccount', 'locked')
      expect(await limiter.check('signInAccount', 'locked')).toEqual({ allowed: true, remaining: 3, retryAfterSeconds: 0 })
      // Resetting a key never counted is fine.
      await limiter.reset('signInAccount', 'never-seen')
    })

    it('applies the rules it was given', async () => {
      const limiter = await limits({ ...contractRules, signInAccount: { points: 1, durationSeconds: 60 } })
      expect((await limiter.consume('signInAccount', 'k')).allowed).toBe(true)
      expect((await limiter.consume('signInAccount', 'k')).allowed).toBe(false)
    })
  })
}
