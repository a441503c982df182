import type Database from 'better-sqlite3'
import type { SsoProviderId } from '../../../../shared/schemas/auth'
import { DuplicateKeyError, type IdentityRecord, type IdentityRepository } from '../types'

// Provider accounts (single sign-on) linked to users.

interface IdentityRow {
  provider: SsoProviderId
  subject: string
  user_id: string
  email: string | null
  created_at: string
}

const toIdentity = (row: IdentityRow): IdentityRecord => ({
  provider: row.provider, subject: row.subject, userId: row.user_id, email: row.email, createdAt: row.created_at,
})

export class SqliteIdentities implements IdentityRepository {
  constructor(private readonly db: Database.Database) {}

  async create(identity: IdentityRecord) {
    try {
      this.db.prepare(`INSERT INTO user_identities (provider, subject, user_id, email, created_at)
        VALUES (@provider, @subject, @userId, @email, @createdAt)`).run(identity)
    }
    catch (error) {
      if (error instanceof Error && 'code' in error && error.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw new DuplicateKeyError('identity')
      throw error
    }
  }

  async find(provider: SsoProviderId, subject: string) {
    const row = this.db.prepare('SELECT * FROM user_identities WHERE provider = ? AND subject = ?').get(provider, subject) as IdentityRow | undefined
    return row ? toIdentity(row) : null
  }

  async listByUser(userId: string) {
    const rows = this.db.prepare('SELECT * FROM user_identities WHERE user_id = ? ORDER BY created_at, provider').all(userId) as IdentityRow[]
    return rows.map(toIdentity)
  }

  async remove(userId: string, provider: SsoProviderId) {
    return this.db.prepare('DELETE FROM user_identities WHERE user_id = ? AND provider = ?').run(userId, provider).changes > 0
  }
}
