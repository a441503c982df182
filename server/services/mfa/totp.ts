import { Secret, TOTP } from 'otpauth'
import type { TotpEnrolment } from '../../../shared/schemas/mfa'
import type { DocumentStore } from '../../drivers/store/types'
import { problems } from '../../errors'
import { qrCodeShape } from './qr-code'
import { openSecret, sealSecret } from './secret-box'

/** RFC 6238 as every authenticator app reads it: SHA-1, six digits, 30-second steps. */
const period = 30
/** Codes of the step before and after are accepted too (clocks drift); each step still only once. */
const window = 1

const totpOf = (secret: Secret, label = 'account') => new TOTP({ issuer: 'Learning Atomizer', label, algorithm: 'SHA1', digits: 6, period, secret })

/** Starts enrolling an authenticator app: a new secret, not a factor until a code confirms it. Replaces an unconfirmed one. */
export async function startTotpEnrolment(store: DocumentStore, sealingKey: string, user: { id: string, email: string }): Promise<TotpEnrolment> {
  const existing = await store.secondFactors.getTotp(user.id)
  if (existing?.confirmedAt) throw problems.conflict('This account has an authenticator app already; remove it first to set up another.')
  const secret = new Secret({ size: 20 })
  await store.secondFactors.putTotp({
    userId: user.id, sealedSecret: sealSecret(sealingKey, secret.base32), createdAt: new Date().toISOString(),
    confirmedAt: null, lastStep: null, lastUsedAt: null,
  })
  const uri = totpOf(secret, user.email).toString()
  return { secret: secret.base32, uri, qrCode: qrCodeShape(uri) }
}

/**
 * Checks a code of the user's authenticator app (confirmed or, with `pending`, being enrolled) and uses up its
 * time step: a code that was accepted once, or one older than the last accepted, is refused.
 */
export async function acceptTotpCode(store: DocumentStore, sealingKey: string, userId: string, code: string, pending = false): Promise<boolean> {
  const factor = await store.secondFactors.getTotp(userId)
  if (!factor || Boolean(factor.confirmedAt) === pending) return false
  const secret = openSecret(sealingKey, factor.sealedSecret)
  if (!secret) return false
  const now = Date.now()
  const delta = totpOf(Secret.fromBase32(secret)).validate({ token: code, timestamp: now, window })
  if (delta === null) return false
  const step = Math.floor(now / 1000 / period) + delta
  return store.secondFactors.useTotpStep(userId, step, new Date(now).toISOString())
}

/** Confirms the app being enrolled with its first code; false when the code is wrong (or there is none to confirm). */
export async function confirmTotp(store: DocumentStore, sealingKey: string, userId: string, code: string): Promise<boolean> {
  if (!await acceptTotpCode(store, sealingKey, userId, code, true)) return false
  await store.secondFactors.confirmTotp(userId, new Date().toISOString())
  return true
}
