import type Database from 'better-sqlite3'
import type { TermLabel } from '../../../../shared/schemas/glossary'
import type { TermLabelRepository } from '../types'
import { scanJsonRecords } from './scan'

export class SqliteTermLabels implements TermLabelRepository {
  constructor(private readonly db: Database.Database) {}

  async append(labels: TermLabel[]) {
    const insert = this.db.prepare('INSERT INTO term_labels (document_id, data) VALUES (?, ?)')
    this.db.transaction((batch: TermLabel[]) => {
      for (const label of batch) insert.run(label.documentId, JSON.stringify(label))
    })(labels)
  }

  async listByDocument(documentId: string) {
    const rows = this.db.prepare('SELECT data FROM term_labels WHERE document_id = ? ORDER BY seq').all(documentId) as { data: string }[]
    return rows.map(row => JSON.parse(row.data) as TermLabel)
  }

  scan(batchSize: number) {
    return scanJsonRecords<TermLabel>(this.db, 'term_labels', 'seq', batchSize)
  }
}
