import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import type { SessionStore } from './types'

const schema = `
  CREATE TABLE IF NOT EXISTS sessions (id TEXT PRIMARY KEY, user_id TEXT NOT NULL, expires_at INTEGER NOT NULL);
  CREATE INDEX IF NOT EXISTS sessions_user ON sessions (user_id);
  CREATE INDEX IF NOT EXISTS sessions_expiry ON sessions (expires_at);`

/**
 * The embedded session store: a SQLite file of its own, so sessions survive a restart whichever
 * document store is in use.
 */
export function createSqliteSessions(file: string): SessionStore {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma('busy_timeout = 5000')
  db.exec(schema)
  const insert = db.prepare('INSERT OR REPLACE INTO sessions (id, user_id, expires_at) VALUES (?, ?, ?)')
  const dropExpired = db.prepare('DELETE FROM sessions WHERE expires_at <= ?')
  const find = db.prepare('SELECT 1 FROM sessions WHERE id = ? AND expires_at > ?')
  const remove = db.prepare('DELETE FROM sessions WHERE id = ?')
  const removeForUser = db.prepare('DELETE FROM sessions WHERE user_id = ?')
  return {
    kind: 'sqlite',
    async create(id, userId, ttlSeconds) {
      const now = Date.now()
      // Sign-ins are rare next to reads: a good moment to sweep out what expired.
      dropExpired.run(now)
      insert.run(id, userId, now + ttlSeconds * 1000)
    },
    async exists(id) {
      return find.get(id, Date.now()) !== undefined
    },
    async revoke(id) {
      remove.run(id)
    },
    async revokeAllForUser(userId) {
      removeForUser.run(userId)
    },
    async close() {
      if (db.open) db.close()
    },
  }
}
