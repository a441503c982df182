import { randomUUID } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DuplicateKeyError, type DocumentStore, type IdentityRecord, type PasswordResetRecord } from '../../server/drivers/store/types'
import { makeUser } from './store.contract'

const identity = (userId: string, overrides: Partial<IdentityRecord> = {}): IdentityRecord => ({
  provider: 'oidc', subject: randomUUID(), userId, email: 'someone@example.test', createdAt: '2026-12-01T10:00:00.000Z', ...overrides,
})

const reset = (userId: string, overrides: Partial<PasswordResetRecord> = {}): PasswordResetRecord => ({
  hash: randomUUID().replaceAll('-', '').repeat(2), userId, createdAt: '2026-12-01T10:00:00.000Z',
  expiresAt: '2026-12-01T11:00:00.000Z', usedAt: null, ...overrides,
})

/** What every driver must do for sign-in: linked provider accounts, reset links used once, disabled accounts. */
export function describeSignInContract(name: string, create: () => Promise<DocumentStore> | DocumentStore) {
  describe(`sign-in repositories contract: ${name}`, () => {
    let store: DocumentStore

    beforeEach(async () => {
      store = await create()
    })

    afterEach(async () => {
      await store.close()
    })

    it('links a provider account to one user only, lists a user\'s links oldest first, and unlinks', async () => {
      const userId = randomUUID()
      const first = identity(userId, { createdAt: '2026-12-01T10:00:00.000Z' })
      const second = identity(userId, { provider: 'github', createdAt: '2026-12-02T10:00:00.000Z', email: null })
      await store.identities.create(second)
      await store.identities.create(first)
      expect(await store.identities.find('oidc', first.subject)).toEqual(first)
      expect(await store.identities.find('github', first.subject)).toBeNull()
      expect(await store.identities.listByUser(userId)).toEqual([first, second])
      await expect(store.identities.create({ ...first, userId: randomUUID() })).rejects.toBeInstanceOf(DuplicateKeyError)
      expect(await store.identities.remove(userId, 'oidc')).toBe(true)
      expect(await store.identities.remove(userId, 'oidc')).toBe(false)
      expect(await store.identities.listByUser(userId)).toEqual([second])
    })

    it('uses a reset link once, never after it expires, and one of two uses at once', async () => {
      const userId = randomUUID()
      const link = reset(userId)
      await store.passwordResets.create(link)
      expect(await store.passwordResets.use(link.hash, '2026-12-01T11:00:00.000Z')).toBeNull()
      const results = await Promise.all([1, 2, 3].map(() => store.passwordResets.use(link.hash, '2026-12-01T10:30:00.000Z')))
      expect(results.filter(Boolean)).toEqual([{ ...link, usedAt: '2026-12-01T10:30:00.000Z' }])
      expect(await store.passwordResets.use(link.hash, '2026-12-01T10:31:00.000Z')).toBeNull()
      expect(await store.passwordResets.use('0'.repeat(64), '2026-12-01T10:30:00.000Z')).toBeNull()
    })

    it('disables and enables an account, and sets its password hash', async () => {
      const user = await store.users.create(makeUser())
      expect((await store.users.setDisabled(user.id, '2026-12-03T10:00:00.000Z'))?.disabledAt).toBe('2026-12-03T10:00:00.000Z')
      expect((await store.users.findByEmail(user.email))?.disabledAt).toBe('2026-12-03T10:00:00.000Z')
      expect((await store.users.setDisabled(user.id, null))?.disabledAt).toBeNull()
      expect(await store.users.setDisabled(randomUUID(), null)).toBeNull()
      await store.users.setPasswordHash(user.id, 'new-hash')
      expect(await store.users.findById(user.id)).toEqual({ ...user, passwordHash: 'new-hash', disabledAt: null })
    })
  })
}
