import { randomUUID } from 'node:crypto'
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose'
import type { AppConfig } from '../config'
import type { DocumentStore, SigningKeyRecord } from '../drivers/store/types'

/** ES256: verified by every JWT library, and short signatures. */
export const signingAlgorithm = 'ES256'

/** Every instance reads the keys again at least this often, so a rotation on one reaches all within a minute. */
const keysCacheMs = 30_000

type KeySettings = Pick<AppConfig, 'oauthKeyGraceHours'>

let cached: { at: number, keys: SigningKeyRecord[] } | undefined

/** Forgets the keys read, so the next use reads them from the store (after a rotation, or in tests). */
export function forgetSigningKeys() {
  cached = undefined
}

async function newKey(store: DocumentStore, now: Date): Promise<SigningKeyRecord> {
  const { publicKey, privateKey } = await generateKeyPair(signingAlgorithm, { extractable: true })
  const key: SigningKeyRecord = {
    id: randomUUID(), algorithm: signingAlgorithm,
    publicJwk: JSON.stringify(await exportJWK(publicKey)), privateJwk: JSON.stringify(await exportJWK(privateKey)),
    createdAt: now.toISOString(), retiredAt: null, expiresAt: null,
  }
  await store.signingKeys.create(key)
  return key
}

/** The keys that still verify (the signing one and those in their grace period), newest first; read at most every 30 s. */
export async function usableKeys(store: DocumentStore, { fresh = false } = {}, now = new Date()): Promise<SigningKeyRecord[]> {
  if (!fresh && cached && now.getTime() - cached.at < keysCacheMs) return cached.keys.filter(key => !key.expiresAt || key.expiresAt > now.toISOString())
  const keys = await store.signingKeys.listUsable(now.toISOString())
  cached = { at: now.getTime(), keys }
  return keys
}

/** The key that signs now, made on first use. */
export async function currentSigningKey(store: DocumentStore, now = new Date()): Promise<{ kid: string, key: CryptoKey }> {
  let record = (await usableKeys(store, {}, now)).find(key => !key.retiredAt)
  if (!record) {
    record = (await usableKeys(store, { fresh: true }, now)).find(key => !key.retiredAt) ?? await newKey(store, now)
    forgetSigningKeys()
  }
  return { kid: record.id, key: await importJWK(JSON.parse(record.privateJwk) as JWK, signingAlgorithm) as CryptoKey }
}

/**
 * A new key takes over signing; the keys it replaces still verify, and stay published, for the grace period
 * (tokens they signed live 15 minutes at most), then are removed. Run by the scheduled job.
 */
export async function rotateSigningKeys(store: DocumentStore, settings: KeySettings, now = new Date()): Promise<{ kid: string, removed: number }> {
  const key = await newKey(store, now)
  const graceEnds = new Date(now.getTime() + settings.oauthKeyGraceHours * 3_600_000).toISOString()
  await store.signingKeys.retireAllBut(key.id, now.toISOString(), graceEnds)
  const removed = await store.signingKeys.removeExpired(now.toISOString())
  forgetSigningKeys()
  return { kid: key.id, removed }
}

/** The public keys, as `/.well-known/jwks.json` publishes them. */
export async function publishedKeys(store: DocumentStore, now = new Date()): Promise<{ keys: (JWK & { kid: string, alg: string, use: string })[] }> {
  const keys = await usableKeys(store, {}, now)
  return { keys: keys.map(key => ({ ...JSON.parse(key.publicJwk) as JWK, kid: key.id, alg: key.algorithm, use: 'sig' })) }
}
