import type Database from 'better-sqlite3'
import type { ReviewLog } from '../../../../shared/schemas/study'
import { decodeCursor, pageOf, reviewCursorKey } from '../cursor'
import type { PageOptions, ReviewRepository } from '../types'
import { scanJsonRecords } from './scan'

export class SqliteReviews implements ReviewRepository {
  constructor(private readonly db: Database.Database) {}

  async appendMany(logs: ReviewLog[]) {
    const insert = this.db.prepare('INSERT OR IGNORE INTO review_logs (id, user_id, reviewed_at, data) VALUES (?, ?, ?, ?)')
    return this.db.transaction((batch: ReviewLog[]) =>
      batch.filter(log => insert.run(log.id, log.userId, log.reviewedAt, JSON.stringify(log)).changes > 0).map(log => log.id))(logs)
  }

  async storedIds(userId: string, ids: string[]) {
    if (ids.length === 0) return []
    const rows = this.db.prepare(`SELECT id FROM review_logs WHERE user_id = ? AND id IN (${ids.map(() => '?').join(', ')})`)
      .all(userId, ...ids) as { id: string }[]
    return rows.map(row => row.id)
  }

  async listByUser(userId: string, { cursor, limit }: PageOptions, { since }: { since?: string } = {}) {
    const after = decodeCursor(cursor, reviewCursorKey.shape)
    const rows = this.db.prepare(`SELECT data FROM review_logs WHERE user_id = @userId
      ${since === undefined ? '' : 'AND reviewed_at >= @since'} ${after ? 'AND (reviewed_at, id) < (@afterTime, @afterId)' : ''}
      ORDER BY reviewed_at DESC, id DESC LIMIT @limit`)
      .all({ userId, limit: limit + 1, ...(since !== undefined && { since }), ...(after && { afterTime: after[0], afterId: after[1] }) }) as { data: string }[]
    return pageOf(rows.map(row => JSON.parse(row.data) as ReviewLog), limit, reviewCursorKey)
  }

  async countByUser(userId: string) {
    return (this.db.prepare('SELECT count(*) AS count FROM review_logs WHERE user_id = ?').get(userId) as { count: number }).count
  }

  async count() {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM review_logs').get() as { n: number }).n
  }

  scan(batchSize: number) {
    return scanJsonRecords<ReviewLog>(this.db, 'review_logs', 'id', batchSize)
  }
}
