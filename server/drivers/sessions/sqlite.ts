import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { byLastSeen, initialExpiry, unknownDetails, type SessionRecord, type SessionStore } from './types'

const schema = `
  CREATE TABLE IF NOT EXISTS sessions (id TEXT PRIMARY KEY, user_id TEXT NOT NULL, expires_at INTEGER NOT NULL);
  CREATE INDEX IF NOT EXISTS sessions_user ON sessions (user_id);
  CREATE INDEX IF NOT EXISTS sessions_expiry ON sessions (expires_at);`

/** Columns added when sessions began to keep what their owner sees; sessions from before get defaults. */
const detailColumns: Record<string, string> = {
  device: `TEXT NOT NULL DEFAULT '${unknownDetails.device}'`,
  browser: `TEXT NOT NULL DEFAULT '${unknownDetails.browser}'`,
  place: `TEXT NOT NULL DEFAULT '${unknownDetails.place}'`,
  created_at: 'INTEGER NOT NULL DEFAULT 0',
  last_seen_at: 'INTEGER NOT NULL DEFAULT 0',
  absolute_at: 'INTEGER',
}

function migrate(db: Database.Database) {
  db.exec(schema)
  const present = new Set((db.prepare('PRAGMA table_info(sessions)').all() as { name: string }[]).map(column => column.name))
  for (const [name, type] of Object.entries(detailColumns)) {
    if (!present.has(name)) db.exec(`ALTER TABLE sessions ADD COLUMN ${name} ${type}`)
  }
  db.exec('UPDATE sessions SET absolute_at = expires_at WHERE absolute_at IS NULL')
}

interface SessionRow {
  id: string
  user_id: string
  device: string
  browser: string
  place: string
  created_at: number
  last_seen_at: number
  expires_at: number
  absolute_at: number
}

const toRecord = (row: SessionRow): SessionRecord => ({
  id: row.id, userId: row.user_id, device: row.device, browser: row.browser, place: row.place,
  createdAt: row.created_at, lastSeenAt: row.last_seen_at, expiresAt: row.expires_at, absoluteAt: row.absolute_at,
})

/**
 * The embedded session store: a SQLite file of its own, so sessions survive a restart whichever
 * document store is in use.
 */
export function createSqliteSessions(file: string): SessionStore {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma('busy_timeout = 5000')
  migrate(db)
  const insert = db.prepare(`INSERT OR REPLACE INTO sessions (id, user_id, device, browser, place, created_at, last_seen_at, expires_at, absolute_at)
    VALUES (@id, @userId, @device, @browser, @place, @createdAt, @lastSeenAt, @expiresAt, @absoluteAt)`)
  const dropExpired = db.prepare('DELETE FROM sessions WHERE expires_at <= ?')
  const find = db.prepare<[string, number], SessionRow>('SELECT * FROM sessions WHERE id = ? AND expires_at > ?')
  const listForUser = db.prepare<[string, number], SessionRow>('SELECT * FROM sessions WHERE user_id = ? AND expires_at > ?')
  const touch = db.prepare('UPDATE sessions SET last_seen_at = @at, expires_at = MIN(absolute_at, @at + @idleMs) WHERE id = @id AND expires_at > @at')
  const remove = db.prepare('DELETE FROM sessions WHERE id = ?')
  const removeForUser = db.prepare('DELETE FROM sessions WHERE user_id = ? AND id <> ?')
  return {
    kind: 'sqlite',
    async create(id, userId, ttlSeconds, options = {}) {
      const now = Date.now()
      // Sign-ins are rare next to reads: a good moment to sweep out what expired.
      dropExpired.run(now)
      insert.run({ ...unknownDetails, ...options, id, userId, createdAt: now, lastSeenAt: now, ...initialExpiry(now, ttlSeconds, options.idleSeconds) })
    },
    async exists(id) {
      return find.get(id, Date.now()) !== undefined
    },
    async find(id) {
      const row = find.get(id, Date.now())
      return row ? toRecord(row) : null
    },
    async listForUser(userId) {
      return listForUser.all(userId, Date.now()).map(toRecord).sort(byLastSeen)
    },
    async touch(id, idleSeconds, at = Date.now()) {
      touch.run({ id, at, idleMs: idleSeconds * 1000 })
    },
    async revoke(id) {
      remove.run(id)
    },
    async revokeAllForUser(userId, exceptId = '') {
      removeForUser.run(userId, exceptId)
    },
    async close() {
      if (db.open) db.close()
    },
  }
}
