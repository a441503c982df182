import type Database from 'better-sqlite3'
import type { Atom } from '../../../../shared/schemas/atom'
import type { Page } from '../../../../shared/schemas/common'
import { atomCursorKey, decodeCursor, pageOf } from '../cursor'
import { inOrderOf } from '../paging'
import type { AtomRecord, AtomRepository, EmbeddingUpdate, PageOptions, StoredEmbedding } from '../types'
import { scanTable } from './scan'

// Vectors are kept as float32 bytes beside the JSON, which display reads then never parse.
const vectorBytes = (vector: number[] | undefined) => (vector ? Buffer.from(Float32Array.from(vector).buffer) : null)
const bytesVector = (bytes: Buffer) => Array.from(new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)))

function atomRecordOf(row: { data: string, embedding: Buffer | null, embedding_version: string | null }): AtomRecord {
  return {
    ...JSON.parse(row.data) as Atom,
    ...(row.embedding && { embedding: bytesVector(row.embedding) }),
    ...(row.embedding && row.embedding_version !== null && { embeddingVersion: row.embedding_version }),
  }
}

export class SqliteAtoms implements AtomRepository {
  constructor(private readonly db: Database.Database) {}

  async upsertMany(atoms: AtomRecord[]) {
    const insert = this.db.prepare('INSERT OR REPLACE INTO atoms (id, document_id, position, data, embedding, embedding_version) VALUES (?, ?, ?, ?, ?, ?)')
    this.db.transaction((batch: AtomRecord[]) => {
      for (const { embedding, embeddingVersion, ...atom } of batch) {
        insert.run(atom.id, atom.documentId, atom.order, JSON.stringify(atom), vectorBytes(embedding), embedding ? embeddingVersion ?? null : null)
      }
    })(atoms)
  }

  async embeddings(ids: string[]) {
    if (ids.length === 0) return new Map<string, StoredEmbedding>()
    const rows = this.db.prepare(`SELECT id, embedding, embedding_version FROM atoms WHERE embedding IS NOT NULL AND id IN (${ids.map(() => '?').join(',')})`)
      .all(...ids) as { id: string, embedding: Buffer, embedding_version: string | null }[]
    return new Map(rows.map(row => [row.id, { vector: bytesVector(row.embedding), ...(row.embedding_version !== null && { version: row.embedding_version }) }]))
  }

  async setEmbeddings(updates: EmbeddingUpdate[]) {
    const update = this.db.prepare(`UPDATE atoms SET embedding = ?, embedding_version = ?
      WHERE id = ? AND json_extract(data, '$.title') = ? AND json_extract(data, '$.text') = ?`)
    return this.db.transaction((batch: EmbeddingUpdate[]) => batch.reduce((changed, item) =>
      changed + update.run(vectorBytes(item.embedding), item.embeddingVersion, item.id, item.title, item.text).changes, 0))(updates)
  }

  async withStaleEmbeddings(version: string, { afterId = '', limit }: { afterId?: string, limit: number }) {
    const rows = this.db.prepare(`SELECT data, embedding, embedding_version FROM atoms
      WHERE id > ? AND (embedding_version IS NULL OR embedding_version <> ?) ORDER BY id LIMIT ?`)
      .all(afterId, version, limit) as { data: string, embedding: Buffer | null, embedding_version: string | null }[]
    return rows.map(atomRecordOf)
  }

  async get(id: string) {
    const row = this.db.prepare('SELECT data FROM atoms WHERE id = ?').get(id) as { data: string } | undefined
    return row ? JSON.parse(row.data) as Atom : null
  }

  async getMany(ids: string[]) {
    if (ids.length === 0) return []
    const rows = this.db.prepare(`SELECT id, data FROM atoms WHERE id IN (${ids.map(() => '?').join(',')})`)
      .all(...ids) as { id: string, data: string }[]
    return inOrderOf(ids, rows, row => row.id).map(row => JSON.parse(row.data) as Atom)
  }

  async listByDocument(documentId: string, { cursor, limit }: PageOptions) {
    const after = decodeCursor(cursor, atomCursorKey.shape)
    const rows = this.db.prepare(`SELECT data FROM atoms WHERE document_id = ? AND position > ?
      ORDER BY position LIMIT ?`).all(documentId, after ? after[0] : -1, limit + 1) as { data: string }[]
    return pageOf(rows.map(row => JSON.parse(row.data) as Atom), limit, atomCursorKey)
  }

  async listByDocuments(pages: { documentId: string, cursor?: string }[], limit: number) {
    // In-process SQLite answers each indexed page in microseconds: one query per page is the fast way here.
    const results: Page<Atom>[] = []
    for (const { documentId, cursor } of pages) results.push(await this.listByDocument(documentId, { cursor, limit }))
    return results
  }

  async deleteByDocument(documentId: string, { except = [] }: { except?: string[] } = {}) {
    return this.db.prepare('DELETE FROM atoms WHERE document_id = ? AND id NOT IN (SELECT value FROM json_each(?))')
      .run(documentId, JSON.stringify(except)).changes
  }

  async count() {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM atoms').get() as { n: number }).n
  }

  scan(batchSize: number) {
    return scanTable(this.db, { table: 'atoms', key: 'id', columns: 'data, embedding, embedding_version' }, batchSize, atomRecordOf)
  }
}
