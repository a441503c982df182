import type Database from 'better-sqlite3'
import type { TypeLabel } from '../../../../shared/schemas/atom-edit'
import type { TypeLabelRepository } from '../types'
import { scanJsonRecords } from './scan'

export class SqliteTypeLabels implements TypeLabelRepository {
  constructor(private readonly db: Database.Database) {}

  async append(label: TypeLabel) {
    this.db.prepare('INSERT INTO type_labels (data) VALUES (?)').run(JSON.stringify(label))
  }

  scan(batchSize: number) {
    return scanJsonRecords<TypeLabel>(this.db, 'type_labels', 'seq', batchSize)
  }
}
