import { randomUUID } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { DocumentStore, OAuthClientRecord, SigningKeyRecord } from '../../server/drivers/store/types'
import { publishedKeys, rotateSigningKeys, currentSigningKey, forgetSigningKeys } from '../../server/services/signing-keys'

const makeClient = (overrides: Partial<OAuthClientRecord> = {}): OAuthClientRecord => ({
  id: randomUUID(), name: 'export', scopes: ['documents:read'], secretHash: 'ab'.repeat(32), ownerId: 'admin-1',
  createdAt: new Date().toISOString(), revokedAt: null, ...overrides,
})

const makeKey = (overrides: Partial<SigningKeyRecord> = {}): SigningKeyRecord => ({
  id: randomUUID(), algorithm: 'ES256', publicJwk: '{"kty":"EC"}', privateJwk: '{"kty":"EC","d":"x"}',
  createdAt: new Date().toISOString(), retiredAt: null, expiresAt: null, ...overrides,
})

/** What every driver must do for machine clients and the keys that sign their tokens. */
export function describeOAuthContract(name: string, create: () => Promise<DocumentStore> | DocumentStore) {
  describe(`OAuth clients and signing keys contract: ${name}`, () => {
    let store: DocumentStore

    beforeEach(async () => {
      store = await create()
      forgetSigningKeys()
    })

    afterEach(async () => {
      await store.close()
    })

    it('keeps clients, lists them newest first, and revokes one once', async () => {
      const older = makeClient({ createdAt: '2026-12-01T10:00:00.000Z' })
      const newer = makeClient({ createdAt: '2026-12-02T10:00:00.000Z', scopes: ['documents:read', 'study:write'] })
      await store.oauthClients.create(older)
      await store.oauthClients.create(newer)
      expect(await store.oauthClients.get(newer.id)).toEqual(newer)
      expect(await store.oauthClients.get('unknown')).toBeNull()
      expect((await store.oauthClients.list()).map(client => client.id)).toEqual([newer.id, older.id])
      expect(await store.oauthClients.revoke(older.id, '2026-12-03T10:00:00.000Z')).toBe(true)
      expect(await store.oauthClients.revoke(older.id, '2026-12-04T10:00:00.000Z')).toBe(false)
      expect((await store.oauthClients.get(older.id))!.revokedAt).toBe('2026-12-03T10:00:00.000Z')
    })

    it('retires keys but one with a grace period, lists the usable ones, and removes the expired', async () => {
      const old = makeKey({ createdAt: '2026-12-01T10:00:00.000Z' })
      const current = makeKey({ createdAt: '2026-12-02T10:00:00.000Z' })
      await store.signingKeys.create(old)
      await store.signingKeys.create(current)
      await store.signingKeys.retireAllBut(current.id, '2026-12-02T10:00:00.000Z', '2026-12-03T10:00:00.000Z')
      const usable = await store.signingKeys.listUsable('2026-12-02T12:00:00.000Z')
      expect(usable.map(key => key.id)).toEqual([current.id, old.id])
      expect(usable[1]).toMatchObject({ retiredAt: '2026-12-02T10:00:00.000Z', expiresAt: '2026-12-03T10:00:00.000Z' })
      expect((await store.signingKeys.listUsable('2026-12-03T10:00:00.000Z')).map(key => key.id)).toEqual([current.id])
      expect(await store.signingKeys.removeExpired('2026-12-03T10:00:00.000Z')).toBe(1)
      expect(await store.signingKeys.removeExpired('2026-12-03T10:00:00.000Z')).toBe(0)
    })

    it('rotation: a new key signs, the previous one is published through its grace period, then dropped', async () => {
      const start = new Date('2026-12-01T10:00:00.000Z')
      const first = await currentSigningKey(store, start)
      const rotated = await rotateSigningKeys(store, { oauthKeyGraceHours: 2 }, new Date(start.getTime() + 60_000))
      expect(rotated.kid).not.toBe(first.kid)
      const during = await publishedKeys(store, new Date(start.getTime() + 3_600_000))
      expect(during.keys.map(key => key.kid)).toEqual([rotated.kid, first.kid])
      expect(during.keys.every(key => !('d' in key))).toBe(true)
      forgetSigningKeys()
      const after = await publishedKeys(store, new Date(start.getTime() + 3 * 3_600_000))
      expect(after.keys.map(key => key.kid)).toEqual([rotated.kid])
    })
  })
}
