import type { Role } from '../../../shared/schemas/auth'
import type { MfaStatus, Passkey, SecondFactorRequired } from '../../../shared/schemas/mfa'
import type { DocumentStore, PasskeyRecord } from '../../drivers/store/types'
import { problems } from '../../errors'
import { getMfaPolicy, policyCovers } from './policy'
import { issueRecoveryCodes } from './recovery-codes'

export type SecondFactorMethod = SecondFactorRequired['methods'][number]

export const toPasskey = ({ id, name, transports, createdAt, lastUsedAt }: PasskeyRecord): Passkey => ({ id, name, transports, createdAt, lastUsedAt })

/**
 * How the account can finish signing in after its password: empty when it has no factor (a confirmed
 * authenticator app or a passkey). Recovery codes count only beside a factor.
 */
export async function secondFactorMethods(store: DocumentStore, userId: string): Promise<SecondFactorMethod[]> {
  const [totp, passkeys, codes] = await Promise.all([
    store.secondFactors.getTotp(userId), store.secondFactors.listPasskeys(userId), store.secondFactors.countRecoveryCodes(userId),
  ])
  const methods: SecondFactorMethod[] = []
  if (totp?.confirmedAt) methods.push('totp')
  if (passkeys.length > 0) methods.push('passkey')
  if (methods.length > 0 && codes > 0) methods.push('recovery-code')
  return methods
}

/** Whether the policy requires a factor of this account and it has none: its session may only enrol one. */
export async function mustEnrol(store: DocumentStore, user: { id: string, role: Role }): Promise<boolean> {
  return policyCovers(await getMfaPolicy(store), user.role) && (await secondFactorMethods(store, user.id)).length === 0
}

export async function mfaStatus(store: DocumentStore, user: { id: string, role: Role }, freshUntil: Date): Promise<MfaStatus> {
  const [totp, passkeys, recoveryCodesLeft, policy] = await Promise.all([
    store.secondFactors.getTotp(user.id), store.secondFactors.listPasskeys(user.id),
    store.secondFactors.countRecoveryCodes(user.id), getMfaPolicy(store),
  ])
  return {
    totp: totp?.confirmedAt ? { confirmedAt: totp.confirmedAt, lastUsedAt: totp.lastUsedAt } : null,
    passkeys: passkeys.map(toPasskey),
    recoveryCodesLeft,
    required: policyCovers(policy, user.role),
    freshUntil: freshUntil.toISOString(),
  }
}

/** After a factor is added: the account's first recovery codes, when it has none yet (else undefined). */
export async function recoveryCodesForNewFactor(store: DocumentStore, userId: string): Promise<string[] | undefined> {
  return await store.secondFactors.countRecoveryCodes(userId) > 0 ? undefined : issueRecoveryCodes(store, userId)
}

/**
 * Removing a factor: refused when the policy requires one and it is the account's last. With the last factor
 * gone, the recovery codes go too (they stand in for a factor, never alone).
 */
async function removeFactor(store: DocumentStore, user: { id: string, role: Role }, counted: boolean, remove: () => Promise<boolean>, what: string): Promise<void> {
  const [totp, passkeys] = await Promise.all([store.secondFactors.getTotp(user.id), store.secondFactors.listPasskeys(user.id)])
  const factors = (totp?.confirmedAt ? 1 : 0) + passkeys.length
  if (counted && factors === 1 && policyCovers(await getMfaPolicy(store), user.role)) {
    throw problems.conflict('This server requires a second factor for your account: add another before removing the last one.')
  }
  if (!await remove()) throw problems.notFound(what)
  if ((await secondFactorMethods(store, user.id)).length === 0) await store.secondFactors.removeRecoveryCodes(user.id)
}

/** Removes the authenticator app, or the one being set up (which is no factor yet). */
export async function removeTotp(store: DocumentStore, user: { id: string, role: Role }): Promise<void> {
  const confirmed = Boolean((await store.secondFactors.getTotp(user.id))?.confirmedAt)
  await removeFactor(store, user, confirmed, () => store.secondFactors.removeTotp(user.id), 'authenticator app')
}

export const removePasskey = (store: DocumentStore, user: { id: string, role: Role }, id: string) =>
  removeFactor(store, user, true, () => store.secondFactors.removePasskey(user.id, id), 'passkey')

/** New recovery codes for an account with a factor; the old ones stop working. */
export async function renewRecoveryCodes(store: DocumentStore, userId: string): Promise<string[]> {
  if ((await secondFactorMethods(store, userId)).length === 0) throw problems.conflict('Set up an authenticator app or a passkey first.')
  return issueRecoveryCodes(store, userId)
}
