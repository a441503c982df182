import type Database from 'better-sqlite3'
import type { SettingsRepository } from '../types'

/** Run-time settings as JSON text by key. */
export class SqliteSettings implements SettingsRepository {
  constructor(private readonly db: Database.Database) {}

  async get(key: string) {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined
    return row ? JSON.parse(row.value) as unknown : undefined
  }

  async put(key: string, value: unknown) {
    this.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
      .run(key, JSON.stringify(value))
  }
}
