import { dictionary } from '@zxcvbn-ts/language-common'
import { problems } from '../errors'

let common: Set<string> | undefined

/**
 * The common and breached passwords of zxcvbn-ts' shared dictionary (about 49,000, from leaked password
 * lists), lower-cased: a password is refused whatever its letters' case.
 */
function commonPasswords(): Set<string> {
  common ??= new Set(dictionary['passwords-common'].map(word => word.toLowerCase()))
  return common
}

/** Whether the password is in the list of common and breached passwords, or is only the account's email or name. */
export function isGuessablePassword(password: string, account: { email?: string, name?: string } = {}): boolean {
  const lowered = password.toLowerCase()
  const own = [account.email, account.email?.split('@')[0], account.name].filter(Boolean).map(text => text!.toLowerCase())
  return commonPasswords().has(lowered) || own.includes(lowered)
}

/**
 * Refuses a new password (registration, change, reset) that is common, breached, or the account's own email or
 * name, with 422 on `field`. Length is the schema's to check (shared/schemas/auth.ts).
 */
export function requireStrongPassword(password: string, account: { email?: string, name?: string } = {}, field = 'password'): void {
  if (isGuessablePassword(password, account)) {
    throw problems.validation([{ path: field, message: 'this password is too common or too easy to guess; choose another' }])
  }
}
