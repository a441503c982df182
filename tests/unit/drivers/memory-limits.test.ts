import { describe, expect, it } from 'vitest'
import { configDefaults } from '../../../server/config'
import { rateLimitRules } from '../../../server/drivers/limits/buckets'
import { createMemoryLimits } from '../../../server/drivers/limits/memory'
import { describeLimitsContract } from './contracts/limits.contract'

describeLimitsContract('memory', rules => createMemoryLimits(rules))

describe('rate limit buckets', () => {
  it('come from the settings, per minute', () => {
    expect(rateLimitRules({ rateLimitLogin: 7, rateLimitUploads: 40 })).toEqual({
      login: { points: 7, durationSeconds: 60 },
      register: { points: 7, durationSeconds: 60 },
      uploads: { points: 40, durationSeconds: 60 },
    })
  })

  it('by default leave room for a person, not for a script', () => {
    const rules = rateLimitRules(configDefaults)
    expect(rules.login.points).toBeGreaterThanOrEqual(5)
    expect(rules.login.points).toBeLessThanOrEqual(20)
    expect(rules.uploads.points).toBeGreaterThanOrEqual(20)
  })
})

describe('memory limits', () => {
  it('keep separate instances apart (each process counts on its own)', async () => {
    const rules = rateLimitRules({ rateLimitLogin: 1, rateLimitUploads: 1 })
    const a = createMemoryLimits(rules)
    const b = createMemoryLimits(rules)
    expect((await a.consume('login', 'k')).allowed).toBe(true)
    expect((await a.consume('login', 'k')).allowed).toBe(false)
    expect((await b.consume('login', 'k')).allowed).toBe(true)
    await Promise.all([a.close(), b.close()])
  })
})
