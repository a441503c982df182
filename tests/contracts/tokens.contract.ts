import { randomUUID } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DuplicateKeyError, type AccessTokenRecord, type DocumentStore } from '../../server/drivers/store/types'

export function makeToken(userId: string, overrides: Partial<AccessTokenRecord> = {}): AccessTokenRecord {
  const id = randomUUID()
  return {
    id, userId, name: 'CI', scopes: ['documents:read', 'study:read'], hash: randomUUID().replaceAll('-', '').repeat(2), lastFour: 'ab_9',
    familyId: id, generation: 0, createdAt: '2026-12-01T10:00:00.000Z', expiresAt: '2027-12-01T10:00:00.000Z',
    lastUsedAt: null, rotatedAt: null, revokedAt: null, ...overrides,
  }
}

/** What every driver must do for personal access tokens: find by hash, list, touch, rotate once, revoke a family. */
export function describeTokenContract(name: string, create: () => Promise<DocumentStore> | DocumentStore) {
  describe(`AccessTokenRepository contract: ${name}`, () => {
    let store: DocumentStore
    const userId = randomUUID()

    beforeEach(async () => {
      store = await create()
    })

    afterEach(async () => {
      await store.close()
    })

    it('finds a token by id and by the hash of its secret, and nothing by another hash', async () => {
      const token = makeToken(userId)
      await store.tokens.create(token)
      expect(await store.tokens.get(token.id)).toEqual(token)
      expect(await store.tokens.findByHash(token.hash)).toEqual(token)
      expect(await store.tokens.findByHash('0'.repeat(64))).toBeNull()
      expect(await store.tokens.get(randomUUID())).toBeNull()
    })

    it('lists a user\'s tokens neither rotated nor revoked, newest first', async () => {
      const older = makeToken(userId, { createdAt: '2026-12-01T10:00:00.000Z' })
      const newer = makeToken(userId, { createdAt: '2026-12-02T10:00:00.000Z' })
      const revoked = makeToken(userId)
      const rotated = makeToken(userId)
      for (const token of [older, newer, revoked, rotated, makeToken(randomUUID())]) await store.tokens.create(token)
      await store.tokens.revoke(revoked.id, '2026-12-03T00:00:00.000Z')
      await store.tokens.markRotated(rotated.id, '2026-12-03T00:00:00.000Z')
      expect((await store.tokens.listCurrent(userId)).map(token => token.id)).toEqual([newer.id, older.id])
    })

    it('writes the last-used time only when it is older than asked', async () => {
      const token = makeToken(userId)
      await store.tokens.create(token)
      await store.tokens.touch(token.id, '2026-12-05T10:00:00.000Z', '2026-12-05T09:59:00.000Z')
      await store.tokens.touch(token.id, '2026-12-05T10:00:30.000Z', '2026-12-05T09:59:30.000Z')
      expect((await store.tokens.get(token.id))?.lastUsedAt).toBe('2026-12-05T10:00:00.000Z')
      await store.tokens.touch(token.id, '2026-12-05T10:01:01.000Z', '2026-12-05T10:00:01.000Z')
      expect((await store.tokens.get(token.id))?.lastUsedAt).toBe('2026-12-05T10:01:01.000Z')
    })

    it('stores one successor per token: a second rotation of the same token is refused', async () => {
      const first = makeToken(userId)
      await store.tokens.create(first)
      await store.tokens.create(makeToken(userId, { familyId: first.familyId, generation: 1 }))
      await expect(store.tokens.create(makeToken(userId, { familyId: first.familyId, generation: 1 }))).rejects.toBeInstanceOf(DuplicateKeyError)
      await store.tokens.markRotated(first.id, '2026-12-04T00:00:00.000Z')
      expect((await store.tokens.get(first.id))?.rotatedAt).toBe('2026-12-04T00:00:00.000Z')
    })

    it('revokes one token once, and a whole family at once', async () => {
      const first = makeToken(userId)
      const second = makeToken(userId, { familyId: first.familyId, generation: 1 })
      const other = makeToken(userId)
      for (const token of [first, second, other]) await store.tokens.create(token)
      expect(await store.tokens.revoke(first.id, '2026-12-04T00:00:00.000Z')).toBe(true)
      expect(await store.tokens.revoke(first.id, '2026-12-05T00:00:00.000Z')).toBe(false)
      expect(await store.tokens.revokeFamily(first.familyId, '2026-12-06T00:00:00.000Z')).toBe(1)
      expect((await store.tokens.get(first.id))?.revokedAt).toBe('2026-12-04T00:00:00.000Z')
      expect((await store.tokens.get(second.id))?.revokedAt).toBe('2026-12-06T00:00:00.000Z')
      expect((await store.tokens.get(other.id))?.revokedAt).toBeNull()
    })
  })
}
