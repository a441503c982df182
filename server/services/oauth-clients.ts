import { randomBytes, randomUUID } from 'node:crypto'
import { clientSecretPrefix, type OAuthClient, type OAuthClientCreateInput, type RegisteredClient } from '../../shared/schemas/oauth'
import type { Drivers } from '../drivers'
import type { OAuthClientRecord } from '../drivers/store/types'
import { problems } from '../errors'
import type { Actor } from './actor'
import { tokenHash } from './tokens'

type ClientDrivers = Pick<Drivers, 'store' | 'cache'>

/**
 * How long an instance may go on trusting a client it looked up: a revoked client's tokens stop working
 * within this, at the latest (at once where the cache is shared and told of the revocation).
 */
export const clientLookupSeconds = 30

const cacheKey = (id: string) => `oauth-client:${id}`

const toClient = (record: OAuthClientRecord): OAuthClient => ({
  id: record.id, name: record.name, scopes: record.scopes, ownerId: record.ownerId, createdAt: record.createdAt, revokedAt: record.revokedAt,
})

function requireAdmin(actor: Actor) {
  if (actor.role !== 'admin') throw problems.forbidden('Only admins manage machine clients.')
}

/** Registers a machine client acting for the admin who registers it; its secret is in the answer and nowhere else. */
export async function registerClient(drivers: ClientDrivers, admin: Actor, input: OAuthClientCreateInput, now = new Date()): Promise<RegisteredClient> {
  requireAdmin(admin)
  const secret = clientSecretPrefix + randomBytes(32).toString('base64url')
  const record: OAuthClientRecord = {
    id: randomUUID(), name: input.name, scopes: input.scopes, secretHash: tokenHash(secret), ownerId: admin.id,
    createdAt: now.toISOString(), revokedAt: null,
  }
  await drivers.store.oauthClients.create(record)
  return { client: toClient(record), secret }
}

export async function listClients(drivers: ClientDrivers, admin: Actor): Promise<OAuthClient[]> {
  requireAdmin(admin)
  return (await drivers.store.oauthClients.list()).map(toClient)
}

/** Revokes a client: no new tokens, and the ones it holds stop working within `clientLookupSeconds`. */
export async function revokeClient(drivers: ClientDrivers, admin: Actor, id: string, now = new Date()): Promise<void> {
  requireAdmin(admin)
  const client = await drivers.store.oauthClients.get(id)
  if (!client || client.revokedAt) throw problems.notFound('client', id)
  await drivers.store.oauthClients.revoke(id, now.toISOString())
  await drivers.cache.delete(cacheKey(id))
}

/** The client as a request's token check sees it: looked up in the cache, the store at most every 30 seconds. */
export async function cachedClient(drivers: ClientDrivers, id: string): Promise<OAuthClientRecord | null> {
  const hit = await drivers.cache.get<OAuthClientRecord | { missing: true }>(cacheKey(id))
  if (hit) return 'missing' in hit ? null : hit
  const client = await drivers.store.oauthClients.get(id)
  await drivers.cache.set(cacheKey(id), client ?? { missing: true }, clientLookupSeconds)
  return client
}
