import { randomUUID } from 'node:crypto'
import type { LoginInput, PublicUser, RegisterInput, Role } from '../../shared/schemas/auth'
import type { Page } from '../../shared/schemas/common'
import type { DocumentStore, UserListOptions, UserRecord } from '../drivers/store/types'
import { DuplicateKeyError } from '../drivers/store/types'
import { problems } from '../errors'

/** Password hashing is injected: the web app uses nuxt-auth-utils' scrypt, tests may use the same. */
export interface PasswordHasher {
  hash(password: string): Promise<string>
  verify(hash: string, password: string): Promise<boolean>
}

export function toPublicUser(user: UserRecord): PublicUser {
  return { id: user.id, email: user.email, name: user.name, role: user.role, createdAt: user.createdAt }
}

/** Creates an account; the first account of an installation becomes admin. */
export async function registerUser(store: DocumentStore, hasher: PasswordHasher, input: RegisterInput): Promise<PublicUser> {
  const record: UserRecord = {
    id: randomUUID(),
    email: input.email,
    name: input.name,
    role: input.role ?? 'author',
    passwordHash: await hasher.hash(input.password),
    createdAt: new Date().toISOString(),
  }
  try {
    return toPublicUser(await store.users.create(record, { adminIfFirst: true }))
  }
  catch (error) {
    if (error instanceof DuplicateKeyError) throw problems.conflict('An account with this email already exists.')
    throw error
  }
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
  return toPublicUser(user)
}

const requireAdmin = (actor: { role: Role }, detail: string) => {
  if (actor.role !== 'admin') throw problems.forbidden(detail)
}

/** An admin's view of the users, newest first. */
export async function listUsers(store: DocumentStore, actor: { role: Role }, options: UserListOptions): Promise<Page<PublicUser>> {
  requireAdmin(actor, 'Only an admin can list users.')
  const result = await store.users.list(options)
  return { items: result.items.map(toPublicUser), ...(result.nextCursor && { nextCursor: result.nextCursor }) }
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
