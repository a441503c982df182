import type Database from 'better-sqlite3'
import type { DocumentStatus } from '../../../../shared/schemas/document'
import { decodeCursor, documentCursorKey, pageOf } from '../cursor'
import { inOrderOf } from '../paging'
import type { DocumentListOptions, DocumentPatch, DocumentRecord, DocumentRepository } from '../types'

interface DocumentRow {
  id: string
  owner_id: string
  title: string
  filename: string
  format: DocumentRecord['format']
  size: number
  file_key: string
  status: DocumentStatus
  progress: number
  stage: string | null
  atom_count: number
  error: string | null
  version: number
  collection_id: string | null
  created_at: string
  updated_at: string
}

const documentColumns: Record<keyof DocumentPatch, string> = {
  title: 'title', status: 'status', progress: 'progress', stage: 'stage', atomCount: 'atom_count',
  error: 'error', version: 'version', updatedAt: 'updated_at', fileKey: 'file_key', filename: 'filename', format: 'format', size: 'size',
  collectionId: 'collection_id',
}

function toDocument(row: DocumentRow): DocumentRecord {
  return {
    id: row.id, ownerId: row.owner_id, title: row.title, filename: row.filename, format: row.format,
    size: row.size, fileKey: row.file_key, status: row.status, progress: row.progress, stage: row.stage,
    atomCount: row.atom_count, error: row.error, version: row.version, collectionId: row.collection_id ?? null, createdAt: row.created_at, updatedAt: row.updated_at,
  }
}

/** A page over documents, keyed by (created_at, id). */
function pageOfDocuments(rows: DocumentRow[], limit: number) {
  return pageOf(rows.map(toDocument), limit, documentCursorKey)
}

/**
 * The filter and order of a page of documents, to append to a query's WHERE: its conditions (columns
 * named with `prefix`), their parameters, then the ORDER BY and LIMIT (whose parameter comes last).
 */
function documentPageSql({ cursor, statuses, order }: DocumentListOptions, prefix = '') {
  const after = decodeCursor(cursor, documentCursorKey.shape)
  const direction = order === 'oldest' ? 'ASC' : 'DESC'
  const conditions: string[] = []
  const params: (string | number)[] = []
  if (statuses?.length) {
    conditions.push(`${prefix}status IN (${statuses.map(() => '?').join(', ')})`)
    params.push(...statuses)
  }
  if (after) {
    conditions.push(`(${prefix}created_at, ${prefix}id) ${order === 'oldest' ? '>' : '<'} (?, ?)`)
    params.push(...after)
  }
  const sql = `${conditions.map(condition => ` AND ${condition}`).join('')} ORDER BY ${prefix}created_at ${direction}, ${prefix}id ${direction} LIMIT ?`
  return { sql, params }
}

export class SqliteDocuments implements DocumentRepository {
  constructor(private readonly db: Database.Database) {}

  async create(document: DocumentRecord) {
    this.db.prepare(`INSERT INTO documents (id, owner_id, title, filename, format, size, file_key, status, progress,
      stage, atom_count, error, version, collection_id, created_at, updated_at) VALUES (@id, @ownerId, @title, @filename, @format,
      @size, @fileKey, @status, @progress, @stage, @atomCount, @error, @version, @collectionId, @createdAt, @updatedAt)`)
      .run({ ...document, collectionId: document.collectionId ?? null })
  }

  async get(id: string) {
    const row = this.db.prepare('SELECT * FROM documents WHERE id = ?').get(id) as DocumentRow | undefined
    return row ? toDocument(row) : null
  }

  async getMany(ids: string[]) {
    if (ids.length === 0) return []
    const rows = this.db.prepare('SELECT * FROM documents WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify(ids)) as DocumentRow[]
    return inOrderOf(ids, rows, row => row.id).map(toDocument)
  }

  async listByOwner(ownerId: string, options: DocumentListOptions) {
    const { sql, params } = documentPageSql(options)
    const rows = this.db.prepare(`SELECT * FROM documents WHERE owner_id = ?${sql}`).all(ownerId, ...params, options.limit + 1) as DocumentRow[]
    return pageOfDocuments(rows, options.limit)
  }

  async listSharedWith(userId: string, options: DocumentListOptions) {
    const { sql, params } = documentPageSql(options, 'd.')
    const rows = this.db.prepare(`SELECT d.* FROM documents d JOIN document_shares s ON s.document_id = d.id WHERE s.user_id = ?${sql}`)
      .all(userId, ...params, options.limit + 1) as DocumentRow[]
    return pageOfDocuments(rows, options.limit)
  }

  async listByCollection(collectionId: string, options: DocumentListOptions) {
    const { sql, params } = documentPageSql(options)
    const rows = this.db.prepare(`SELECT * FROM documents WHERE collection_id = ?${sql}`).all(collectionId, ...params, options.limit + 1) as DocumentRow[]
    return pageOfDocuments(rows, options.limit)
  }

  async countByCollections(collectionIds: string[]) {
    const counts = new Map(collectionIds.map(id => [id, 0]))
    if (collectionIds.length === 0) return counts
    const rows = this.db.prepare(`SELECT collection_id AS id, COUNT(*) AS n FROM documents
      WHERE collection_id IN (SELECT value FROM json_each(?)) GROUP BY collection_id`).all(JSON.stringify(collectionIds)) as { id: string, n: number }[]
    for (const row of rows) counts.set(row.id, row.n)
    return counts
  }

  async listByStatus(statuses: DocumentStatus[]) {
    if (statuses.length === 0) return []
    const rows = this.db.prepare(`SELECT * FROM documents WHERE status IN (${statuses.map(() => '?').join(',')})
      ORDER BY created_at`).all(...statuses) as DocumentRow[]
    return rows.map(toDocument)
  }

  async update(id: string, patch: DocumentPatch, { ifVersion }: { ifVersion?: number } = {}) {
    const entries = Object.entries(patch).filter(([, value]) => value !== undefined) as [keyof DocumentPatch, unknown][]
    if (entries.length > 0) {
      const assignments = entries.map(([key]) => `${documentColumns[key]} = @${key}`).join(', ')
      const guard = ifVersion === undefined ? '' : ' AND version = @ifVersion'
      const { changes } = this.db.prepare(`UPDATE documents SET ${assignments} WHERE id = @id${guard}`)
        .run({ ...Object.fromEntries(entries), id, ...(ifVersion !== undefined && { ifVersion }) })
      if (changes === 0) return null
      return this.get(id)
    }
    const current = await this.get(id)
    return current && (ifVersion === undefined || current.version === ifVersion) ? current : null
  }

  async delete(id: string) {
    return this.db.transaction(() => {
      this.db.prepare('DELETE FROM document_shares WHERE document_id = ?').run(id)
      return this.db.prepare('DELETE FROM documents WHERE id = ?').run(id).changes > 0
    })()
  }

  async share(documentId: string, userId: string) {
    this.db.prepare('INSERT OR IGNORE INTO document_shares (document_id, user_id) VALUES (?, ?)').run(documentId, userId)
  }

  async unshare(documentId: string, userId: string) {
    this.db.prepare('DELETE FROM document_shares WHERE document_id = ? AND user_id = ?').run(documentId, userId)
  }

  async isSharedWith(documentId: string, userId: string) {
    return this.db.prepare('SELECT 1 FROM document_shares WHERE document_id = ? AND user_id = ?').get(documentId, userId) !== undefined
  }

  async sharedWith(documentId: string) {
    const rows = this.db.prepare('SELECT user_id FROM document_shares WHERE document_id = ? ORDER BY user_id').all(documentId) as { user_id: string }[]
    return rows.map(row => row.user_id)
  }

  async readableIds(userId: string) {
    const rows = this.db.prepare(`SELECT id FROM documents WHERE owner_id = ?
      UNION SELECT document_id AS id FROM document_shares WHERE user_id = ?
      UNION SELECT d.id FROM documents d JOIN collections c ON c.id = d.collection_id WHERE c.owner_id = ?
      UNION SELECT d.id FROM documents d JOIN collection_shares s ON s.collection_id = d.collection_id WHERE s.user_id = ?`)
      .all(userId, userId, userId, userId) as { id: string }[]
    return rows.map(row => row.id)
  }
}
