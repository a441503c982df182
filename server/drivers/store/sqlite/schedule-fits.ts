import type Database from 'better-sqlite3'
import type { ScheduleFit } from '../../../../shared/schemas/schedule'
import type { ScheduleFitRepository } from '../types'

export class SqliteScheduleFits implements ScheduleFitRepository {
  constructor(private readonly db: Database.Database) {}

  async get(userId: string) {
    const row = this.db.prepare('SELECT data FROM schedule_fits WHERE user_id = ?').get(userId) as { data: string } | undefined
    return row ? JSON.parse(row.data) as ScheduleFit : null
  }

  async put(userId: string, fit: ScheduleFit) {
    this.db.prepare('INSERT OR REPLACE INTO schedule_fits (user_id, data) VALUES (?, ?)').run(userId, JSON.stringify(fit))
  }
}
