import { randomUUID } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DuplicateKeyError, type DocumentStore, type PasskeyRecord, type TotpFactorRecord } from '../../server/drivers/store/types'

const totpOf = (userId: string, overrides: Partial<TotpFactorRecord> = {}): TotpFactorRecord => ({
  userId, sealedSecret: 'v1.sealed', createdAt: '2026-12-01T10:00:00.000Z', confirmedAt: null, lastStep: null, lastUsedAt: null, ...overrides,
})

const passkeyOf = (userId: string, overrides: Partial<PasskeyRecord> = {}): PasskeyRecord => ({
  id: randomUUID(), userId, name: 'Laptop', publicKey: 'pQECAyYgASFYIA', counter: 0, transports: ['internal'],
  createdAt: '2026-12-01T10:00:00.000Z', lastUsedAt: null, ...overrides,
})

/** What every driver must do for second factors and settings: codes used once, steps never twice, passkeys per user. */
export function describeSecondFactorContract(name: string, create: () => Promise<DocumentStore> | DocumentStore) {
  describe(`SecondFactorRepository contract: ${name}`, () => {
    let store: DocumentStore
    const userId = randomUUID()

    beforeEach(async () => {
      store = await create()
    })

    afterEach(async () => {
      await store.close()
    })

    it('keeps one authenticator app per user, confirmed once, and removes it', async () => {
      await store.secondFactors.putTotp(totpOf(userId))
      await store.secondFactors.putTotp(totpOf(userId, { sealedSecret: 'v1.second' }))
      expect(await store.secondFactors.getTotp(userId)).toEqual(totpOf(userId, { sealedSecret: 'v1.second' }))
      await store.secondFactors.confirmTotp(userId, '2026-12-01T10:01:00.000Z')
      await store.secondFactors.confirmTotp(userId, '2026-12-01T10:09:00.000Z')
      expect((await store.secondFactors.getTotp(userId))?.confirmedAt).toBe('2026-12-01T10:01:00.000Z')
      expect(await store.secondFactors.removeTotp(userId)).toBe(true)
      expect(await store.secondFactors.removeTotp(userId)).toBe(false)
      expect(await store.secondFactors.getTotp(userId)).toBeNull()
    })

    it('accepts each time step once and never an earlier one, even when two arrive together', async () => {
      await store.secondFactors.putTotp(totpOf(userId))
      const together = await Promise.all([1000, 1000, 1000].map(step => store.secondFactors.useTotpStep(userId, step, '2026-12-01T10:00:00.000Z')))
      expect(together.filter(Boolean)).toHaveLength(1)
      expect(await store.secondFactors.useTotpStep(userId, 999, '2026-12-01T10:00:05.000Z')).toBe(false)
      expect(await store.secondFactors.useTotpStep(userId, 1001, '2026-12-01T10:00:31.000Z')).toBe(true)
      const factor = await store.secondFactors.getTotp(userId)
      expect(factor).toMatchObject({ lastStep: 1001, lastUsedAt: '2026-12-01T10:00:31.000Z' })
      expect(await store.secondFactors.useTotpStep(randomUUID(), 5000, '2026-12-01T10:00:31.000Z')).toBe(false)
    })

    it('uses each recovery code once, and a new set replaces the old one', async () => {
      await store.secondFactors.replaceRecoveryCodes(userId, ['a'.repeat(64), 'b'.repeat(64)])
      await store.secondFactors.replaceRecoveryCodes(randomUUID(), ['c'.repeat(64)])
      expect(await store.secondFactors.countRecoveryCodes(userId)).toBe(2)
      expect((await store.secondFactors.listRecoveryCodes(userId)).sort()).toEqual(['a'.repeat(64), 'b'.repeat(64)])
      const together = await Promise.all([1, 2].map(() => store.secondFactors.useRecoveryCode(userId, 'a'.repeat(64))))
      expect(together.filter(Boolean)).toHaveLength(1)
      expect(await store.secondFactors.useRecoveryCode(userId, 'c'.repeat(64))).toBe(false)
      expect(await store.secondFactors.countRecoveryCodes(userId)).toBe(1)
      await store.secondFactors.replaceRecoveryCodes(userId, ['d'.repeat(64)])
      expect(await store.secondFactors.useRecoveryCode(userId, 'b'.repeat(64))).toBe(false)
      expect(await store.secondFactors.useRecoveryCode(userId, 'd'.repeat(64))).toBe(true)
      await store.secondFactors.replaceRecoveryCodes(userId, ['e'.repeat(64)])
      await store.secondFactors.removeRecoveryCodes(userId)
      expect(await store.secondFactors.countRecoveryCodes(userId)).toBe(0)
    })

    it('stores passkeys per user, once per credential id, with their counter and last use', async () => {
      const first = passkeyOf(userId, { createdAt: '2026-12-01T10:00:00.000Z' })
      const second = passkeyOf(userId, { createdAt: '2026-12-02T10:00:00.000Z', transports: ['usb', 'nfc'] })
      for (const passkey of [second, first, passkeyOf(randomUUID())]) await store.secondFactors.addPasskey(passkey)
      await expect(store.secondFactors.addPasskey(passkeyOf(userId, { id: first.id }))).rejects.toBeInstanceOf(DuplicateKeyError)
      expect(await store.secondFactors.listPasskeys(userId)).toEqual([first, second])
      await store.secondFactors.usePasskey(first.id, 7, '2026-12-03T10:00:00.000Z')
      expect(await store.secondFactors.getPasskey(first.id)).toEqual({ ...first, counter: 7, lastUsedAt: '2026-12-03T10:00:00.000Z' })
      expect(await store.secondFactors.removePasskey(randomUUID(), first.id)).toBe(false)
      expect(await store.secondFactors.removePasskey(userId, first.id)).toBe(true)
      expect(await store.secondFactors.getPasskey(first.id)).toBeNull()
    })

    it('keeps settings as JSON values by key', async () => {
      expect(await store.settings.get('mfaPolicy')).toBeUndefined()
      await store.settings.put('mfaPolicy', { required: 'admins' })
      await store.settings.put('mfaPolicy', { required: 'everyone' })
      expect(await store.settings.get('mfaPolicy')).toEqual({ required: 'everyone' })
    })
  })
}
