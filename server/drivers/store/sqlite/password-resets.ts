import type Database from 'better-sqlite3'
import type { PasswordResetRecord, PasswordResetRepository } from '../types'

// One-time password reset links: hashes of their secrets, never the secrets.

interface PasswordResetRow {
  hash: string
  user_id: string
  created_at: string
  expires_at: string
  used_at: string | null
}

const toReset = (row: PasswordResetRow): PasswordResetRecord => ({
  hash: row.hash, userId: row.user_id, createdAt: row.created_at, expiresAt: row.expires_at, usedAt: row.used_at,
})

export class SqlitePasswordResets implements PasswordResetRepository {
  constructor(private readonly db: Database.Database) {}

  async create(reset: PasswordResetRecord) {
    this.db.prepare(`INSERT INTO password_resets (hash, user_id, created_at, expires_at, used_at)
      VALUES (@hash, @userId, @createdAt, @expiresAt, @usedAt)`).run(reset)
  }

  async use(hash: string, at: string) {
    const row = this.db.prepare(`UPDATE password_resets SET used_at = ? WHERE hash = ? AND used_at IS NULL AND expires_at > ?
      RETURNING *`).get(at, hash, at) as PasswordResetRow | undefined
    return row ? toReset(row) : null
  }
}
