import { createHash, randomBytes, randomUUID } from 'node:crypto'
import type { Role } from '../../shared/schemas/auth'
import {
  personalTokenPrefix, scopesOfRole, type AccessToken, type ApiScope, type IssuedToken, type TokenCreateInput,
} from '../../shared/schemas/tokens'
import { DuplicateKeyError, type AccessTokenRecord, type DocumentStore } from '../drivers/store/types'
import { problems } from '../errors'
import type { Actor } from './actor'
import { actingRole, type Caller } from './scopes'

export type TokenCaller = Extract<Caller, { via: 'token' }>

const dayMs = 24 * 3600 * 1000
/** The last-used time is written at most this often per token: a read per request, a write per minute. */
const lastUsedEveryMs = 60 * 1000
/** How many live tokens one user may hold. */
export const maxTokensPerUser = 50

/** 256 random bits, base64url: `la_pat_` and 43 characters. */
const secretPattern = new RegExp(`^${personalTokenPrefix}[A-Za-z0-9_-]{43}$`)

/**
 * SHA-256, not a slow password hash: the secret is 256 random bits, so no guessing or precomputed table can
 * reach it, and a fast, deterministic hash lets each request find its token by one indexed lookup.
 */
export const tokenHash = (secret: string): string => createHash('sha256').update(secret).digest('hex')

const newSecret = (): string => personalTokenPrefix + randomBytes(32).toString('base64url')

const toAccessToken = (record: AccessTokenRecord): AccessToken => ({
  id: record.id, name: record.name, scopes: record.scopes, lastFour: record.lastFour,
  createdAt: record.createdAt, expiresAt: record.expiresAt, lastUsedAt: record.lastUsedAt,
})

/** Scopes beyond what the role allows are refused, never silently dropped. */
function checkScopes(role: Role, scopes: readonly ApiScope[]) {
  const allowed = scopesOfRole(role)
  const beyond = scopes.filter(scope => !allowed.includes(scope))
  if (beyond.length > 0) throw problems.forbidden(`Your role cannot grant ${beyond.join(', ')}.`)
}

interface NewToken { userId: string, name: string, scopes: ApiScope[], lifetimeMs: number, familyId?: string, generation?: number }

async function storeNewToken(store: DocumentStore, token: NewToken, now: Date): Promise<IssuedToken> {
  const secret = newSecret()
  const id = randomUUID()
  const record: AccessTokenRecord = {
    id, userId: token.userId, name: token.name, scopes: token.scopes, hash: tokenHash(secret), lastFour: secret.slice(-4),
    familyId: token.familyId ?? id, generation: token.generation ?? 0, createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + token.lifetimeMs).toISOString(), lastUsedAt: null, rotatedAt: null, revokedAt: null,
  }
  await store.tokens.create(record)
  return { token: toAccessToken(record), secret }
}

/** A new token of the actor's: its secret is in the answer and nowhere else. */
export async function createToken(store: DocumentStore, actor: Actor, input: TokenCreateInput, now = new Date()): Promise<IssuedToken> {
  checkScopes(actor.role, input.scopes)
  if ((await store.tokens.listCurrent(actor.id)).length >= maxTokensPerUser) {
    throw problems.conflict(`You have ${maxTokensPerUser} tokens already; revoke one first.`)
  }
  return storeNewToken(store, { userId: actor.id, name: input.name, scopes: input.scopes, lifetimeMs: input.expiresInDays * dayMs }, now)
}

export async function listTokens(store: DocumentStore, actor: Actor): Promise<AccessToken[]> {
  return (await store.tokens.listCurrent(actor.id)).map(toAccessToken)
}

/** One of the actor's current tokens; anyone else's, or one revoked or rotated, is not found. */
async function currentToken(store: DocumentStore, actor: Actor, id: string): Promise<AccessTokenRecord> {
  const token = await store.tokens.get(id)
  if (!token || token.userId !== actor.id || token.revokedAt || token.rotatedAt) throw problems.notFound('token', id)
  return token
}

export async function revokeToken(store: DocumentStore, actor: Actor, id: string, now = new Date()): Promise<void> {
  await currentToken(store, actor, id)
  await store.tokens.revoke(id, now.toISOString())
}

/**
 * A new secret in place of the token's, with its name, its scopes (less any the role no longer allows) and
 * a lifetime as long as the old one's; the old secret stops working, and presenting it later revokes both.
 */
export async function rotateToken(store: DocumentStore, actor: Actor, id: string, now = new Date()): Promise<IssuedToken> {
  const old = await currentToken(store, actor, id)
  if (old.expiresAt <= now.toISOString()) throw problems.conflict('This token has expired; create a new one.')
  const scopes = old.scopes.filter(scope => scopesOfRole(actor.role).includes(scope))
  if (scopes.length === 0) throw problems.forbidden('Your role no longer allows any of this token\'s scopes.')
  const lifetimeMs = Date.parse(old.expiresAt) - Date.parse(old.createdAt)
  try {
    const issued = await storeNewToken(store, { userId: actor.id, name: old.name, scopes, lifetimeMs, familyId: old.familyId, generation: old.generation + 1 }, now)
    await store.tokens.markRotated(old.id, now.toISOString())
    return issued
  }
  catch (error) {
    if (error instanceof DuplicateKeyError) throw problems.conflict('This token has just been rotated.')
    throw error
  }
}

/**
 * The caller a bearer secret stands for, or 401 (the same answer for a malformed, unknown, expired, revoked
 * or rotated token). A rotated token presented again means its secret leaked: the whole family is revoked.
 */
export async function tokenCaller(store: DocumentStore, secret: string, now = new Date()): Promise<TokenCaller> {
  const refused = problems.unauthorized('The access token is not valid.')
  if (!secretPattern.test(secret)) throw refused
  const token = await store.tokens.findByHash(tokenHash(secret))
  if (!token || token.revokedAt) throw refused
  if (token.rotatedAt) {
    await store.tokens.revokeFamily(token.familyId, now.toISOString())
    throw refused
  }
  if (token.expiresAt <= now.toISOString()) throw refused
  const user = await store.users.findById(token.userId)
  if (!user) throw refused
  const scopes = token.scopes.filter(scope => scopesOfRole(user.role).includes(scope))
  const notBefore = new Date(now.getTime() - lastUsedEveryMs).toISOString()
  if (!token.lastUsedAt || token.lastUsedAt < notBefore) await store.tokens.touch(token.id, now.toISOString(), notBefore)
  return { actor: { id: user.id, role: actingRole(user.role, scopes) }, scopes, via: 'token', tokenId: token.id }
}

/** Whether the token a caller came with still works (a live connection ends once it does not). */
export async function isTokenLive(store: DocumentStore, tokenId: string, now = new Date()): Promise<boolean> {
  const token = await store.tokens.get(tokenId)
  return Boolean(token && !token.revokedAt && !token.rotatedAt && token.expiresAt > now.toISOString())
}
