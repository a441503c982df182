import { randomBytes, randomUUID } from 'node:crypto'
import { roleSchema, type Role, type SsoOutcome, type SsoProviderId } from '../../../shared/schemas/auth'
import type { AppConfig } from '../../config'
import { DuplicateKeyError, type DocumentStore, type UserRecord } from '../../drivers/store/types'
import type { PasswordHasher } from '../passwords'

/** What a provider says of the account that signed in there. */
export interface ProviderProfile {
  provider: SsoProviderId
  /** The provider's stable id of the account. */
  subject: string
  email: string | null
  /** Only `true` from the provider counts: an email it has not verified may belong to someone else. */
  emailVerified: boolean
  name: string | null
  /** The role the provider's role claim gives (OpenID Connect with `NUXT_OIDC_ROLE_CLAIM`), if any. */
  role?: Role
}

/** A single sign-on that ends without signing in; `outcome` is what the sign-in page tells the user. */
export class SsoRefusal extends Error {
  constructor(readonly outcome: SsoOutcome, reason: string) {
    super(reason)
    this.name = 'SsoRefusal'
  }
}

/** The role a role claim's value names: a role's name, or a list holding one (the most powerful wins). */
export function roleFromClaim(value: unknown): Role | undefined {
  const values = (Array.isArray(value) ? value : [value]).filter(item => typeof item === 'string')
  return roleSchema.options.find(role => values.includes(role))
}

type AccountSettings = Pick<AppConfig, 'openRegistration' | 'adminEmail'>

async function link(store: DocumentStore, profile: ProviderProfile, userId: string) {
  await store.identities.create({
    provider: profile.provider, subject: profile.subject, userId, email: profile.email, createdAt: new Date().toISOString(),
  })
}

/** A new account for the provider account; its password is random and unknown, until a reset link sets one. */
async function createAccount(store: DocumentStore, hasher: PasswordHasher, settings: AccountSettings, profile: ProviderProfile & { email: string }) {
  const isAdmin = profile.emailVerified && settings.adminEmail === profile.email
  const user: UserRecord = {
    id: randomUUID(), email: profile.email, name: (profile.name ?? profile.email.split('@')[0]!).slice(0, 100),
    role: isAdmin ? 'admin' : profile.role ?? 'author',
    passwordHash: await hasher.hash(randomBytes(32).toString('base64url')),
    createdAt: new Date().toISOString(), disabledAt: null,
  }
  try {
    await store.users.create(user)
  }
  catch (error) {
    // The email got an account meanwhile: it is not joined without a verified email.
    if (error instanceof DuplicateKeyError) throw new SsoRefusal('unlinked', 'the email has an account')
    throw error
  }
  await link(store, profile, user.id)
  return user
}

/**
 * The account a provider account signs in to: the one linked to it; else the account with its email when the
 * provider verified that email (then linked); else a new account when registration is open. Otherwise refused
 * as `unlinked`, with the same outcome whether or not the email has an account here. A disabled account is
 * refused as `failed`, the answer of every other failure.
 */
export async function accountForProvider(
  store: DocumentStore, hasher: PasswordHasher, settings: AccountSettings, profile: ProviderProfile,
): Promise<UserRecord> {
  const linked = await store.identities.find(profile.provider, profile.subject)
  let user = linked && await store.users.findById(linked.userId)
  if (!user && profile.email && profile.emailVerified) {
    user = await store.users.findByEmail(profile.email)
    if (user) await link(store, profile, user.id)
  }
  if (!user) {
    if (!profile.email || !settings.openRegistration) throw new SsoRefusal('unlinked', 'no account may be joined or made')
    if (await store.users.findByEmail(profile.email)) throw new SsoRefusal('unlinked', 'the email has an account but is not verified')
    user = await createAccount(store, hasher, settings, { ...profile, email: profile.email })
  }
  if (user.disabledAt !== null) throw new SsoRefusal('failed', 'the account is disabled')
  if (profile.role && profile.role !== user.role) user = await store.users.setRole(user.id, profile.role) ?? user
  return user
}

/** Links the provider account to a signed-in user (from the Security page); refused when it is linked to another. */
export async function linkProvider(store: DocumentStore, userId: string, profile: ProviderProfile): Promise<void> {
  const linked = await store.identities.find(profile.provider, profile.subject)
  if (linked?.userId === userId) return
  if (linked) throw new SsoRefusal('failed', 'the provider account is linked to another account')
  // One account per provider for a user: a new link of the same provider replaces the old.
  await store.identities.remove(userId, profile.provider)
  await link(store, profile, userId)
}
