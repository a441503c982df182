import { describe, expect, it } from 'vitest'
import { gitHubProfile, googleProfile } from '../../../server/services/sso/presets'

describe('the GitHub and Google presets\' profiles', () => {
  it('take GitHub\'s numeric id as the subject, and its email as verified only when GitHub says so', () => {
    expect(gitHubProfile({ id: 42, login: 'octocat', name: null, email: 'Octo@Example.org', email_verified: true }))
      .toEqual({ provider: 'github', subject: '42', email: 'octo@example.org', emailVerified: true, name: 'octocat' })
    expect(gitHubProfile({ id: 7, login: 'x', email: 'public@example.org' }).emailVerified).toBe(false)
  })

  it('take Google\'s sub and its email_verified', () => {
    expect(googleProfile({ sub: '1098', email: 'ada@example.org', email_verified: true, name: 'Ada' }))
      .toEqual({ provider: 'google', subject: '1098', email: 'ada@example.org', emailVerified: true, name: 'Ada' })
    expect(googleProfile({ sub: '1', email_verified: false })).toMatchObject({ email: null, emailVerified: false, name: null })
  })
})
