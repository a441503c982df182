import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createSqliteStore } from '../../../server/drivers/store/sqlite'
import type { DocumentStore } from '../../../server/drivers/store/types'
import { accountForProvider, linkProvider, roleFromClaim, SsoRefusal, type ProviderProfile } from '../../../server/services/sso/accounts'
import { configuredProviders } from '../../../server/services/sso/providers'
import { configDefaults } from '../../../server/config'
import type { PasswordHasher } from '../../../server/services/passwords'

const hasher: PasswordHasher = { hash: async password => `hashed:${password}`, verify: async (hash, password) => hash === `hashed:${password}` }
const open = { openRegistration: true, adminEmail: 'head@example.org' }
const profile = (overrides: Partial<ProviderProfile> = {}): ProviderProfile => ({
  provider: 'oidc', subject: 'sub-1', email: 'ada@example.org', emailVerified: true, name: 'Ada', ...overrides,
})

describe('which account a provider account signs in to', () => {
  let store: DocumentStore

  beforeEach(() => {
    store = createSqliteStore(':memory:')
  })

  afterEach(async () => {
    await store.close()
  })

  const refusal = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error instanceof SsoRefusal ? error.outcome : error)

  it('creates an account once, then finds it by the provider\'s subject even when the email changes', async () => {
    const created = await accountForProvider(store, hasher, open, profile())
    expect(created).toMatchObject({ email: 'ada@example.org', name: 'Ada', role: 'author', disabledAt: null })
    expect((await accountForProvider(store, hasher, open, profile({ email: 'ada@new.example.org' }))).id).toBe(created.id)
  })

  it('makes the configured admin email admin only when the provider verified it', async () => {
    expect(await refusal(accountForProvider(store, hasher, open, profile({ email: 'head@example.org', emailVerified: false, subject: 'x' })))).toBeNull()
    expect((await store.users.findByEmail('head@example.org'))?.role).toBe('author')
    const other = createSqliteStore(':memory:')
    expect((await accountForProvider(other, hasher, open, profile({ email: 'head@example.org' }))).role).toBe('admin')
    await other.close()
  })

  it('refuses as unlinked with registration closed, without an email, or with an unverified email that has an account', async () => {
    expect(await refusal(accountForProvider(store, hasher, { ...open, openRegistration: false }, profile()))).toBe('unlinked')
    expect(await refusal(accountForProvider(store, hasher, open, profile({ email: null })))).toBe('unlinked')
    await accountForProvider(store, hasher, open, profile({ subject: 'owner' }))
    expect(await refusal(accountForProvider(store, hasher, open, profile({ subject: 'impostor', emailVerified: false })))).toBe('unlinked')
  })

  it('sets the role from the role claim at each sign-in, and refuses a disabled account as failed', async () => {
    const user = await accountForProvider(store, hasher, open, profile({ role: 'learner' }))
    expect(user.role).toBe('learner')
    expect((await accountForProvider(store, hasher, open, profile({ role: 'admin' }))).role).toBe('admin')
    await store.users.setDisabled(user.id, new Date().toISOString())
    expect(await refusal(accountForProvider(store, hasher, open, profile()))).toBe('failed')
  })

  it('links a provider account to one user only', async () => {
    const first = await accountForProvider(store, hasher, open, profile())
    await linkProvider(store, first.id, profile())
    expect(await refusal(linkProvider(store, 'someone-else', profile()))).toBe('failed')
  })

  it('reads a role claim as a role name or a list holding one, the most powerful first', () => {
    expect(roleFromClaim('learner')).toBe('learner')
    expect(roleFromClaim(['staff', 'author', 'admin'])).toBe('admin')
    expect(roleFromClaim(['staff'])).toBeUndefined()
    expect(roleFromClaim(42)).toBeUndefined()
  })

  it('lists a provider only once its client is configured', () => {
    expect(configuredProviders(configDefaults)).toEqual([])
    expect(configuredProviders({ ...configDefaults, oidcIssuer: 'https://id.example.org', oidcClientId: 'a', oidcClientSecret: 's', oauthGithubClientId: 'g' }))
      .toEqual([{ id: 'oidc', name: 'Single sign-on', startUrl: '/api/v1/auth/sso/oidc' }])
  })
})
