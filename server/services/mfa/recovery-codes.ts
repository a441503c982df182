import { createHash, randomBytes } from 'node:crypto'
import { recoveryCodeCount } from '../../../shared/schemas/mfa'
import type { DocumentStore } from '../../drivers/store/types'

const alphabet = 'abcdefghijklmnopqrstuvwxyz234567'

/** Ten base32 characters: 50 random bits, shown as `abcde-fghij`. */
function newCode(): string {
  const text = [...randomBytes(10)].map(byte => alphabet[byte % 32]).join('')
  return `${text.slice(0, 5)}-${text.slice(5)}`
}

/**
 * A recovery code's stored form: SHA-256 of the user's id and the code without its dash. The codes are random
 * enough that a fast hash suffices (like access tokens); the user id keeps one user's code from another's.
 */
export const recoveryCodeHash = (userId: string, code: string) =>
  createHash('sha256').update(`${userId}:${code.replaceAll('-', '')}`).digest('hex')

/** New recovery codes for the user, replacing any earlier ones; returned this once, stored only hashed. */
export async function issueRecoveryCodes(store: DocumentStore, userId: string): Promise<string[]> {
  const codes = Array.from({ length: recoveryCodeCount }, newCode)
  await store.secondFactors.replaceRecoveryCodes(userId, codes.map(code => recoveryCodeHash(userId, code)))
  return codes
}

/** Uses up one of the user's recovery codes (already normalised: lower case, no dash); false when it is unknown or used. */
export const useRecoveryCode = (store: DocumentStore, userId: string, code: string): Promise<boolean> =>
  store.secondFactors.useRecoveryCode(userId, recoveryCodeHash(userId, code))
