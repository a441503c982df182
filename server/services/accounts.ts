import { randomUUID } from 'node:crypto'
import type { LoginInput, PublicUser, RegisterInput, Role } from '../../shared/schemas/auth'
import type { DocumentStore, UserRecord } from '../drivers/store/types'
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

export async function changeRole(store: DocumentStore, actor: PublicUser | { role: Role }, userId: string, role: Role): Promise<PublicUser> {
  if (actor.role !== 'admin') throw problems.forbidden('Only an admin can change roles.')
  const user = await store.users.setRole(userId, role)
  if (!user) throw problems.notFound('user', userId)
  return toPublicUser(user)
}
