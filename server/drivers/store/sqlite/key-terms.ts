import type Database from 'better-sqlite3'
import type { KeyTerm } from '../../../../shared/schemas/glossary'
import type { KeyTermRepository } from '../types'

export class SqliteKeyTerms implements KeyTermRepository {
  constructor(private readonly db: Database.Database) {}

  async get(documentId: string) {
    const row = this.db.prepare('SELECT data FROM key_terms WHERE document_id = ?').get(documentId) as { data: string } | undefined
    return row ? JSON.parse(row.data) as KeyTerm[] : null
  }

  async getMany(documentIds: string[]) {
    if (documentIds.length === 0) return new Map<string, KeyTerm[]>()
    const rows = this.db.prepare('SELECT document_id, data FROM key_terms WHERE document_id IN (SELECT value FROM json_each(?))')
      .all(JSON.stringify(documentIds)) as { document_id: string, data: string }[]
    return new Map(rows.map(row => [row.document_id, JSON.parse(row.data) as KeyTerm[]]))
  }

  async put(documentId: string, keyTerms: KeyTerm[]) {
    this.db.prepare('INSERT OR REPLACE INTO key_terms (document_id, data) VALUES (?, ?)').run(documentId, JSON.stringify(keyTerms))
  }

  async deleteByDocument(documentId: string) {
    this.db.prepare('DELETE FROM key_terms WHERE document_id = ?').run(documentId)
  }
}
