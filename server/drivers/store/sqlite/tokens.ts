import type Database from 'better-sqlite3'
import type { ApiScope } from '../../../../shared/schemas/tokens'
import { DuplicateKeyError, type AccessTokenRecord, type AccessTokenRepository } from '../types'

// Personal access tokens: hashes of their secrets, never the secrets.

interface AccessTokenRow {
  id: string
  user_id: string
  name: string
  /** JSON array. */
  scopes: string
  hash: string
  last_four: string
  family_id: string
  generation: number
  created_at: string
  expires_at: string
  last_used_at: string | null
  rotated_at: string | null
  revoked_at: string | null
}

const toToken = (row: AccessTokenRow): AccessTokenRecord => ({
  id: row.id, userId: row.user_id, name: row.name, scopes: JSON.parse(row.scopes) as ApiScope[], hash: row.hash,
  lastFour: row.last_four, familyId: row.family_id, generation: row.generation, createdAt: row.created_at,
  expiresAt: row.expires_at, lastUsedAt: row.last_used_at, rotatedAt: row.rotated_at, revokedAt: row.revoked_at,
})

export class SqliteTokens implements AccessTokenRepository {
  constructor(private readonly db: Database.Database) {}

  async create(token: AccessTokenRecord) {
    try {
      this.db.prepare(`INSERT INTO access_tokens (id, user_id, name, scopes, hash, last_four, family_id, generation, created_at,
        expires_at, last_used_at, rotated_at, revoked_at) VALUES (@id, @userId, @name, @scopes, @hash, @lastFour, @familyId,
        @generation, @createdAt, @expiresAt, @lastUsedAt, @rotatedAt, @revokedAt)`).run({ ...token, scopes: JSON.stringify(token.scopes) })
    }
    catch (error) {
      if (error instanceof Error && 'code' in error && error.code === 'SQLITE_CONSTRAINT_UNIQUE') throw new DuplicateKeyError('generation')
      throw error
    }
  }

  async get(id: string) {
    const row = this.db.prepare('SELECT * FROM access_tokens WHERE id = ?').get(id) as AccessTokenRow | undefined
    return row ? toToken(row) : null
  }

  async findByHash(hash: string) {
    const row = this.db.prepare('SELECT * FROM access_tokens WHERE hash = ?').get(hash) as AccessTokenRow | undefined
    return row ? toToken(row) : null
  }

  async listCurrent(userId: string) {
    const rows = this.db.prepare(`SELECT * FROM access_tokens WHERE user_id = ? AND rotated_at IS NULL AND revoked_at IS NULL
      ORDER BY created_at DESC, id DESC`).all(userId) as AccessTokenRow[]
    return rows.map(toToken)
  }

  async touch(id: string, at: string, notBefore: string) {
    this.db.prepare('UPDATE access_tokens SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)').run(at, id, notBefore)
  }

  async markRotated(id: string, at: string) {
    this.db.prepare('UPDATE access_tokens SET rotated_at = ? WHERE id = ? AND rotated_at IS NULL').run(at, id)
  }

  async revoke(id: string, at: string) {
    return this.db.prepare('UPDATE access_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at, id).changes > 0
  }

  async revokeFamily(familyId: string, at: string) {
    return this.db.prepare('UPDATE access_tokens SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL').run(at, familyId).changes
  }
}
