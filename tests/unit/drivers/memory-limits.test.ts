import { describe, expect, it } from 'vitest'
import { configDefaults } from '../../../server/config'
import { rateLimitRules } from '../../../server/drivers/limits/buckets'
import { createMemoryLimits } from '../../../server/drivers/limits/memory'
import { describeLimitsContract } from '../../contracts/limits.contract'

describeLimitsContract('memory', rules => createMemoryLimits(rules))

describe('rate limit buckets', () => {
  it('come from the settings', () => {
    expect(rateLimitRules({ ...configDefaults, rateLimitLogin: 7, rateLimitLoginAddress: 9, rateLimitRegister: 4, rateLimitUploads: 40, rateLimitEdits: 50, rateLimitSearch: 60, rateLimitSubscriptions: 70 })).toMatchObject({
      signInAccount: { points: 7, durationSeconds: 600 },
      signInAddress: { points: 9, durationSeconds: 600 },
      register: { points: 4, durationSeconds: 3600 },
      uploads: { points: 40, durationSeconds: 60 },
      edits: { points: 50, durationSeconds: 60 },
      search: { points: 60, durationSeconds: 60 },
      subscriptions: { points: 70, durationSeconds: 60 },
    })
  })

  it('by default leave room for a person, not for a script', () => {
    const rules = rateLimitRules(configDefaults)
    expect(rules.signInAccount.points).toBeGreaterThanOrEqual(5)
    expect(rules.signInAccount.points).toBeLessThanOrEqual(20)
    // Thirty guesses at thirty accounts from one address are not all let through.
    expect(rules.signInAddress.points).toBeLessThan(30)
    expect(rules.uploads.points).toBeGreaterThanOrEqual(20)
    expect(rules.search.points).toBeGreaterThanOrEqual(120)
  })
})

describe('memory limits', () => {
  it('keep separate instances apart (each process counts on its own)', async () => {
    const rules = rateLimitRules({ ...configDefaults, rateLimitLogin: 1 })
    const a = createMemoryLimits(rules)
    const b = createMemoryLimits(rules)
    expect((await a.consume('signInAccount', 'k')).allowed).toBe(true)
    expect((await a.consume('signInAccount', 'k')).allowed).toBe(false)
    expect((await b.consume('signInAccount', 'k')).allowed).toBe(true)
    await Promise.all([a.close(), b.close()])
  })
})
