import type Database from 'better-sqlite3'
import type { CardState } from '../../../../shared/schemas/study'
import type { CardStateRepository } from '../types'

export class SqliteCardStates implements CardStateRepository {
  constructor(private readonly db: Database.Database) {}

  async getMany(userId: string, cardIds: string[]) {
    if (cardIds.length === 0) return []
    const rows = this.db.prepare('SELECT data FROM card_states WHERE user_id = ? AND card_id IN (SELECT value FROM json_each(?))')
      .all(userId, JSON.stringify(cardIds)) as { data: string }[]
    return rows.map(row => JSON.parse(row.data) as CardState)
  }

  async upsertMany(userId: string, states: CardState[]) {
    const upsert = this.db.prepare('INSERT OR REPLACE INTO card_states (user_id, card_id, document_id, due, data) VALUES (?, ?, ?, ?, ?)')
    this.db.transaction((batch: CardState[]) => {
      for (const state of batch) upsert.run(userId, state.cardId, state.documentId, state.due, JSON.stringify(state))
    })(states)
  }

  async listByUser(userId: string, { documentIds, dueBefore }: { documentIds?: string[], dueBefore?: string } = {}) {
    const rows = this.db.prepare(`SELECT data FROM card_states WHERE user_id = @userId
      ${documentIds === undefined ? '' : 'AND document_id IN (SELECT value FROM json_each(@documentIds))'}
      ${dueBefore === undefined ? '' : 'AND due <= @dueBefore'} ORDER BY due, card_id`)
      .all({ userId, ...(documentIds !== undefined && { documentIds: JSON.stringify(documentIds) }), ...(dueBefore !== undefined && { dueBefore }) }) as { data: string }[]
    return rows.map(row => JSON.parse(row.data) as CardState)
  }

  async deleteByDocument(documentId: string) {
    return this.db.prepare('DELETE FROM card_states WHERE document_id = ?').run(documentId).changes
  }
}
