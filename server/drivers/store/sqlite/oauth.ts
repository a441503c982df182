import type Database from 'better-sqlite3'
import type { ApiScope } from '../../../../shared/schemas/tokens'
import type { OAuthClientRecord, OAuthClientRepository, SigningKeyRecord, SigningKeyRepository } from '../types'

// Machine clients (hashes of their secrets) and the keys that sign their access tokens.

interface ClientRow { id: string, name: string, scopes: string, secret_hash: string, owner_id: string, created_at: string, revoked_at: string | null }

const toClient = (row: ClientRow): OAuthClientRecord => ({
  id: row.id, name: row.name, scopes: JSON.parse(row.scopes) as ApiScope[], secretHash: row.secret_hash, ownerId: row.owner_id,
  createdAt: row.created_at, revokedAt: row.revoked_at,
})

export class SqliteOAuthClients implements OAuthClientRepository {
  constructor(private readonly db: Database.Database) {}

  async create(client: OAuthClientRecord) {
    this.db.prepare(`INSERT INTO oauth_clients (id, name, scopes, secret_hash, owner_id, created_at, revoked_at)
      VALUES (@id, @name, @scopes, @secretHash, @ownerId, @createdAt, @revokedAt)`).run({ ...client, scopes: JSON.stringify(client.scopes) })
  }

  async get(id: string) {
    const row = this.db.prepare('SELECT * FROM oauth_clients WHERE id = ?').get(id) as ClientRow | undefined
    return row ? toClient(row) : null
  }

  async list() {
    return (this.db.prepare('SELECT * FROM oauth_clients ORDER BY created_at DESC, id DESC').all() as ClientRow[]).map(toClient)
  }

  async revoke(id: string, at: string) {
    return this.db.prepare('UPDATE oauth_clients SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at, id).changes > 0
  }
}

interface KeyRow { id: string, algorithm: string, public_jwk: string, private_jwk: string, created_at: string, retired_at: string | null, expires_at: string | null }

const toKey = (row: KeyRow): SigningKeyRecord => ({
  id: row.id, algorithm: row.algorithm, publicJwk: row.public_jwk, privateJwk: row.private_jwk,
  createdAt: row.created_at, retiredAt: row.retired_at, expiresAt: row.expires_at,
})

export class SqliteSigningKeys implements SigningKeyRepository {
  constructor(private readonly db: Database.Database) {}

  async create(key: SigningKeyRecord) {
    this.db.prepare(`INSERT INTO signing_keys (id, algorithm, public_jwk, private_jwk, created_at, retired_at, expires_at)
      VALUES (@id, @algorithm, @publicJwk, @privateJwk, @createdAt, @retiredAt, @expiresAt)`).run(key)
  }

  async listUsable(now: string) {
    const rows = this.db.prepare('SELECT * FROM signing_keys WHERE expires_at IS NULL OR expires_at > ? ORDER BY created_at DESC, id DESC').all(now) as KeyRow[]
    return rows.map(toKey)
  }

  async retireAllBut(keepId: string, at: string, expiresAt: string) {
    this.db.prepare('UPDATE signing_keys SET retired_at = ?, expires_at = ? WHERE id <> ? AND retired_at IS NULL').run(at, expiresAt, keepId)
  }

  async removeExpired(now: string) {
    return this.db.prepare('DELETE FROM signing_keys WHERE expires_at IS NOT NULL AND expires_at <= ?').run(now).changes
  }
}
