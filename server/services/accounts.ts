import { randomUUID } from 'node:crypto'
import type { AdminUser, LoginInput, PasswordChange, PublicUser, RegisterInput, Role } from '../../shared/schemas/auth'
import type { Page } from '../../shared/schemas/common'
import type { DocumentStore, UserListOptions, UserRecord } from '../drivers/store/types'
import { DuplicateKeyError } from '../drivers/store/types'
import type { AppConfig } from '../config'
import type { Drivers } from '../drivers'
import { endAllSessions } from './sessions'
import { problems } from '../errors'
import type { PasswordHasher } from './passwords'
import { requireStrongPassword } from './password-policy'

export function toPublicUser(user: UserRecord): PublicUser {
  return { id: user.id, email: user.email, name: user.name, role: user.role, createdAt: user.createdAt }
}

export const toAdminUser = (user: UserRecord): AdminUser => ({ ...toPublicUser(user), disabled: user.disabledAt !== null })

/** Who may register, and which email is the admin's (server/config.ts). */
export type AccountSettings = Pick<AppConfig, 'adminEmail' | 'openRegistration'>

/** The role a new account gets: admin for the configured admin email, else what it asked for (author by default). */
const roleFor = (settings: AccountSettings, input: Pick<RegisterInput, 'email' | 'role'>): Role =>
  settings.adminEmail !== undefined && input.email === settings.adminEmail ? 'admin' : input.role ?? 'author'

/**
 * Creates an account, or leaves the existing account with that email as it is: the caller cannot tell which
 * (the answer is the same, and the password is hashed either way, so the time taken is too). Whoever
 * registered signs in next with the same credentials.
 */
export async function registerUser(store: DocumentStore, hasher: PasswordHasher, settings: AccountSettings, input: RegisterInput): Promise<void> {
  if (!settings.openRegistration) throw problems.registrationClosed()
  requireStrongPassword(input.password, input)
  const record: UserRecord = {
    id: randomUUID(),
    email: input.email,
    name: input.name,
    role: roleFor(settings, input),
    passwordHash: await hasher.hash(input.password),
    createdAt: new Date().toISOString(),
    disabledAt: null,
  }
  try {
    await store.users.create(record)
  }
  catch (error) {
    if (!(error instanceof DuplicateKeyError)) throw error
  }
}

/**
 * Creates an account with this role, or gives the existing account with that email this role (the admin CLI,
 * workers/admin.ts). `password` is asked for only when an account is created.
 */
export async function ensureAccount(
  store: DocumentStore, hasher: PasswordHasher, input: { email: string, name: string, role: Role }, password: () => Promise<string>,
): Promise<{ user: PublicUser, created: boolean }> {
  const existing = await store.users.findByEmail(input.email)
  if (existing) {
    const user = existing.role === input.role ? existing : await store.users.setRole(existing.id, input.role)
    return { user: toPublicUser(user ?? existing), created: false }
  }
  const record: UserRecord = {
    id: randomUUID(), ...input, passwordHash: await hasher.hash(await password()), createdAt: new Date().toISOString(), disabledAt: null,
  }
  return { user: toPublicUser(await store.users.create(record)), created: true }
}

/**
 * At start-up: the account with the configured admin email becomes admin if it exists (it may have registered
 * before the setting was made). Says whether any admin exists afterwards, so the server can warn when none does.
 */
export async function promoteConfiguredAdmin(store: DocumentStore, adminEmail: string | undefined): Promise<{ promoted: boolean, adminExists: boolean }> {
  const user = adminEmail === undefined ? null : await store.users.findByEmail(adminEmail)
  const promoted = user !== null && user.role !== 'admin'
  if (promoted) await store.users.setRole(user.id, 'admin')
  const admins = await store.users.list({ role: 'admin', limit: 1 })
  return { promoted, adminExists: admins.items.length > 0 }
}

let timingDecoy: Promise<string> | undefined

/** Checks credentials; an unknown email costs as much time as a wrong password. */
export async function authenticate(store: DocumentStore, hasher: PasswordHasher, input: LoginInput): Promise<PublicUser> {
  const user = await store.users.findByEmail(input.email)
  if (!user) {
    timingDecoy ??= hasher.hash('timing decoy password')
    await hasher.verify(await timingDecoy, input.password)
    throw problems.badCredentials()
  }
  if (!await hasher.verify(user.passwordHash, input.password)) throw problems.badCredentials()
  // A disabled account gets the answer of a wrong password: every sign-in failure reads the same.
  if (user.disabledAt !== null) throw problems.badCredentials()
  return toPublicUser(user)
}

const requireAdmin = (actor: { role: Role }, detail: string) => {
  if (actor.role !== 'admin') throw problems.forbidden(detail)
}

/**
 * The signed-in user as the store has them now, so a changed role or a removed account takes effect at once
 * (the session only says who they are); 401 once the account is gone.
 */
export async function currentUser(store: DocumentStore, userId: string): Promise<PublicUser> {
  const user = await store.users.findById(userId)
  if (!user) throw problems.unauthorized('This account no longer exists.')
  if (user.disabledAt !== null) throw problems.unauthorized('This account is disabled.')
  return toPublicUser(user)
}

/** An admin's view of the users, newest first. */
export async function listUsers(store: DocumentStore, actor: { role: Role }, options: UserListOptions): Promise<Page<AdminUser>> {
  requireAdmin(actor, 'Only an admin can list users.')
  const result = await store.users.list(options)
  return { items: result.items.map(toAdminUser), ...(result.nextCursor && { nextCursor: result.nextCursor }) }
}

/** One user, for an admin or for that user. */
export async function getUser(store: DocumentStore, actor: { id: string, role: Role }, userId: string): Promise<PublicUser> {
  if (actor.id !== userId) requireAdmin(actor, 'Only an admin can see other users.')
  const user = await store.users.findById(userId)
  if (!user) throw problems.notFound('user', userId)
  return toPublicUser(user)
}

export async function changeRole(store: DocumentStore, actor: PublicUser | { role: Role }, userId: string, role: Role): Promise<PublicUser> {
  requireAdmin(actor, 'Only an admin can change roles.')
  const user = await store.users.setRole(userId, role)
  if (!user) throw problems.notFound('user', userId)
  return toPublicUser(user)
}

/**
 * Disables or enables an account (admins, not their own). A disabled account cannot sign in by password, single
 * sign-on or reset link, and every session and token of it stops at once (`currentUser` refuses it).
 */
export async function setAccountDisabled(drivers: Pick<Drivers, 'store' | 'sessions' | 'events'>, actor: { id: string, role: Role }, userId: string, disabled: boolean): Promise<AdminUser> {
  requireAdmin(actor, 'Only an admin can disable accounts.')
  if (disabled && actor.id === userId) throw problems.conflict('You cannot disable your own account.')
  const user = await drivers.store.users.setDisabled(userId, disabled ? new Date().toISOString() : null)
  if (!user) throw problems.notFound('user', userId)
  if (disabled) await endAllSessions(drivers, userId)
  return toAdminUser(user)
}

/** Sets a new password for the signed-in user, who must give the current one (401 like a failed sign-in otherwise). */
export async function changePassword(store: DocumentStore, hasher: PasswordHasher, userId: string, input: PasswordChange): Promise<PublicUser> {
  const user = await store.users.findById(userId)
  if (!user || !await hasher.verify(user.passwordHash, input.currentPassword)) throw problems.badCredentials()
  requireStrongPassword(input.newPassword, user, 'newPassword')
  await store.users.setPasswordHash(user.id, await hasher.hash(input.newPassword))
  return toPublicUser(user)
}
