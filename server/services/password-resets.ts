import { createHash, randomBytes } from 'node:crypto'
import type { IssuedResetLink, PasswordReset, Role } from '../../shared/schemas/auth'
import type { AppConfig } from '../config'
import type { Drivers } from '../drivers'
import type { DocumentStore } from '../drivers/store/types'
import { problems } from '../errors'
import type { PasswordHasher } from './passwords'
import { requireStrongPassword } from './password-policy'
import { endAllSessions } from './sessions'

/** The page that takes a reset link: its secret rides in the fragment, which browsers never send to a server. */
export const resetPagePath = '/reset-password'

const sha256 = (secret: string) => createHash('sha256').update(secret).digest('hex')

/**
 * A one-time link that sets a new password for the user, without email: an admin hands it over. 256 random
 * bits; the store keeps only their SHA-256, and the link works once, until `passwordResetSeconds` have passed.
 */
export async function issueResetLink(
  store: DocumentStore, settings: Pick<AppConfig, 'passwordResetSeconds'>, userId: string, baseUrl: string,
): Promise<IssuedResetLink> {
  const secret = randomBytes(32).toString('base64url')
  const now = Date.now()
  const expiresAt = new Date(now + settings.passwordResetSeconds * 1000).toISOString()
  await store.passwordResets.create({ hash: sha256(secret), userId, createdAt: new Date(now).toISOString(), expiresAt, usedAt: null })
  return { url: `${baseUrl.replace(/\/+$/, '')}${resetPagePath}#token=${secret}`, expiresAt }
}

/** An admin issues a reset link for a user (404 for no such user). */
export async function issueResetLinkAsAdmin(
  store: DocumentStore, settings: Pick<AppConfig, 'passwordResetSeconds'>, actor: { role: Role }, userId: string, baseUrl: string,
): Promise<IssuedResetLink> {
  if (actor.role !== 'admin') throw problems.forbidden('Only an admin can issue password reset links.')
  if (!await store.users.findById(userId)) throw problems.notFound('user', userId)
  return issueResetLink(store, settings, userId, baseUrl)
}

/**
 * Uses a reset link: sets the new password and ends every session of the account. An unknown, used or expired
 * link, or one of a disabled account, is refused with one answer (the link is spent either way once found).
 */
export async function resetPassword(
  drivers: Pick<Drivers, 'store' | 'sessions' | 'events'>, hasher: PasswordHasher, input: PasswordReset,
): Promise<void> {
  const { store } = drivers
  // Checked before the link is spent, so a refused password leaves it usable.
  requireStrongPassword(input.password)
  const link = await store.passwordResets.use(sha256(input.token), new Date().toISOString())
  const user = link && await store.users.findById(link.userId)
  if (!user || user.disabledAt !== null) throw problems.invalidResetLink()
  requireStrongPassword(input.password, user)
  await store.users.setPasswordHash(user.id, await hasher.hash(input.password))
  await endAllSessions(drivers, user.id)
}
