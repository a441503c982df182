import { randomBytes } from 'node:crypto'
import { recoveryCodeCount } from '../../../shared/schemas/mfa'
import type { DocumentStore } from '../../drivers/store/types'
import { scryptHasher } from '../passwords'

const alphabet = 'abcdefghijklmnopqrstuvwxyz234567'

/** Ten base32 characters: 50 random bits, shown as `abcde-fghij`. */
function newCode(): string {
  const text = [...randomBytes(10)].map(byte => alphabet[byte % 32]).join('')
  return `${text.slice(0, 5)}-${text.slice(5)}`
}

/** The code as it is hashed: lower case, without the dash. */
const normalised = (code: string) => code.replaceAll('-', '').toLowerCase()

/**
 * New recovery codes for the user, replacing any earlier ones; returned this once. Stored as scrypt hashes
 * with their own salts, like passwords: 50 bits is short of the 112 that would let a fast hash do (ASVS 6.5.2).
 */
export async function issueRecoveryCodes(store: DocumentStore, userId: string): Promise<string[]> {
  const codes = Array.from({ length: recoveryCodeCount }, newCode)
  const hashes = await Promise.all(codes.map(code => scryptHasher.hash(normalised(code))))
  await store.secondFactors.replaceRecoveryCodes(userId, hashes)
  return codes
}

/**
 * Uses up the user's recovery code that matches: false when none does or it was just used. Each try costs
 * up to ten scrypt checks, which sign-in throttling bounds.
 */
export async function useRecoveryCode(store: DocumentStore, userId: string, code: string): Promise<boolean> {
  for (const hash of await store.secondFactors.listRecoveryCodes(userId)) {
    if (await scryptHasher.verify(hash, normalised(code))) return store.secondFactors.useRecoveryCode(userId, hash)
  }
  return false
}
