import { randomUUID } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Secret, TOTP } from 'otpauth'
import { createSqliteStore } from '../../../server/drivers/store/sqlite'
import type { DocumentStore } from '../../../server/drivers/store/types'
import { openSecret, sealSecret } from '../../../server/services/mfa/secret-box'
import { issueRecoveryCodes, useRecoveryCode } from '../../../server/services/mfa/recovery-codes'
import { acceptTotpCode, confirmTotp, startTotpEnrolment } from '../../../server/services/mfa/totp'
import { policyCovers } from '../../../server/services/mfa/policy'
import { recoveryCodeSchema } from '../../../shared/schemas/mfa'

const key = 'a session password of at least thirty-two characters'

describe('sealed TOTP secrets', () => {
  it('open with the same key only, and not once tampered with', () => {
    const sealed = sealSecret(key, 'JBSWY3DPEHPK3PXP')
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP')
    expect(openSecret(key, sealed)).toBe('JBSWY3DPEHPK3PXP')
    expect(openSecret('another password of thirty-two characters!', sealed)).toBeNull()
    const [version, iv, data, tag] = sealed.split('.')
    expect(openSecret(key, [version, iv, `${data!.slice(0, -2)}AA`, tag].join('.'))).toBeNull()
    expect(openSecret(key, 'not sealed')).toBeNull()
  })
})

describe('TOTP and recovery codes on a store', () => {
  let store: DocumentStore
  const user = { id: randomUUID(), email: 'ada@example.test' }
  beforeEach(() => {
    store = createSqliteStore(':memory:')
  })
  afterEach(async () => {
    await store.close()
  })

  const codeOf = (secret: string, steps = 0) =>
    new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) }).generate({ timestamp: Date.now() + steps * 30_000 })

  it('confirms an app with its first code, then accepts each later step once and no earlier one', async () => {
    const { secret } = await startTotpEnrolment(store, key, user)
    // Not confirmed yet: no sign-in code counts.
    expect(await acceptTotpCode(store, key, user.id, codeOf(secret))).toBe(false)
    expect(await confirmTotp(store, key, user.id, codeOf(secret))).toBe(true)
    expect(await acceptTotpCode(store, key, user.id, codeOf(secret))).toBe(false)
    expect(await acceptTotpCode(store, key, user.id, codeOf(secret, 1))).toBe(true)
    expect(await acceptTotpCode(store, key, user.id, codeOf(secret, 1))).toBe(false)
    expect(await acceptTotpCode(store, key, user.id, codeOf(secret, 3))).toBe(false)
    // Under another session password the sealed secret cannot be read: no code works.
    expect(await acceptTotpCode(store, 'another password of thirty-two characters!', user.id, codeOf(secret, 2))).toBe(false)
  })

  it('stores recovery codes hashed with salts, each usable once, typed in any case', async () => {
    const codes = await issueRecoveryCodes(store, user.id)
    expect(codes).toHaveLength(10)
    const stored = await store.secondFactors.listRecoveryCodes(user.id)
    expect(stored.every(hash => hash.startsWith('$scrypt$'))).toBe(true)
    expect(stored.join()).not.toContain(codes[0]!.replace('-', ''))
    const typed = recoveryCodeSchema.parse(` ${codes[0]!.toUpperCase()} `)
    expect(await useRecoveryCode(store, user.id, typed)).toBe(true)
    expect(await useRecoveryCode(store, user.id, typed)).toBe(false)
    expect(await useRecoveryCode(store, randomUUID(), recoveryCodeSchema.parse(codes[1]!))).toBe(false)
    expect(await store.secondFactors.countRecoveryCodes(user.id)).toBe(9)
  })
})

describe('the MFA policy', () => {
  it('covers nobody, admins only, or everyone', () => {
    expect(policyCovers({ required: 'off' }, 'admin')).toBe(false)
    expect(policyCovers({ required: 'admins' }, 'admin')).toBe(true)
    expect(policyCovers({ required: 'admins' }, 'author')).toBe(false)
    expect(policyCovers({ required: 'everyone' }, 'learner')).toBe(true)
  })
})
