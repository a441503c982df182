import type Database from 'better-sqlite3'
import type { Role } from '../../../../shared/schemas/auth'
import { decodeCursor, pageOf, userCursorKey } from '../cursor'
import { DuplicateKeyError, type UserListOptions, type UserRecord, type UserRepository } from '../types'

interface UserRow {
  id: string
  email: string
  name: string
  role: Role
  password_hash: string
  created_at: string
  disabled_at: string | null
}

function toUser(row: UserRow): UserRecord {
  return { id: row.id, email: row.email, name: row.name, role: row.role, passwordHash: row.password_hash, createdAt: row.created_at, disabledAt: row.disabled_at }
}

export class SqliteUsers implements UserRepository {
  constructor(private readonly db: Database.Database) {}

  async create(user: UserRecord) {
    try {
      this.db.prepare(`INSERT INTO users (id, email, name, role, password_hash, created_at, disabled_at)
        VALUES (@id, @email, @name, @role, @passwordHash, @createdAt, @disabledAt)`).run(user)
      return user
    }
    catch (error) {
      if (error instanceof Error && 'code' in error && error.code === 'SQLITE_CONSTRAINT_UNIQUE') throw new DuplicateKeyError('email')
      throw error
    }
  }

  async findById(id: string) {
    const row = this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined
    return row ? toUser(row) : null
  }

  async findByEmail(email: string) {
    const row = this.db.prepare('SELECT * FROM users WHERE email = ?').get(email) as UserRow | undefined
    return row ? toUser(row) : null
  }

  async setRole(id: string, role: Role) {
    this.db.prepare('UPDATE users SET role = ? WHERE id = ?').run(role, id)
    return this.findById(id)
  }

  async setDisabled(id: string, at: string | null) {
    this.db.prepare('UPDATE users SET disabled_at = ? WHERE id = ?').run(at, id)
    return this.findById(id)
  }

  async setPasswordHash(id: string, passwordHash: string) {
    this.db.prepare('UPDATE users SET password_hash = ? WHERE id = ?').run(passwordHash, id)
  }

  async count() {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n
  }

  async list({ cursor, limit, query, role }: UserListOptions) {
    const after = decodeCursor(cursor, userCursorKey.shape)
    const conditions: string[] = []
    const params: string[] = []
    if (query) {
      conditions.push(`(instr(lower(email), ?) > 0 OR instr(lower(name), ?) > 0)`)
      params.push(query.toLowerCase(), query.toLowerCase())
    }
    if (role) {
      conditions.push('role = ?')
      params.push(role)
    }
    if (after) {
      conditions.push('(created_at, id) < (?, ?)')
      params.push(...after as string[])
    }
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''
    const rows = this.db.prepare(`SELECT * FROM users ${where} ORDER BY created_at DESC, id DESC LIMIT ?`).all(...params, limit + 1) as UserRow[]
    return pageOf(rows.map(toUser), limit, userCursorKey)
  }
}
