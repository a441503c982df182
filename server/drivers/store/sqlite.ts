import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import type { Atom } from '../../../shared/schemas/atom'
import type { TypeLabel } from '../../../shared/schemas/atom-edit'
import type { Role } from '../../../shared/schemas/auth'
import type { CollectionShareRole } from '../../../shared/schemas/collection'
import type { DocumentStatus } from '../../../shared/schemas/document'
import type { KeyTerm, TermLabel } from '../../../shared/schemas/glossary'
import type { Page } from '../../../shared/schemas/common'
import type { ScheduleFit } from '../../../shared/schemas/schedule'
import type { CardState, ReviewLog } from '../../../shared/schemas/study'
import { atomCursorKey, collectionCursorKey, decodeCursor, documentCursorKey, pageOf, reviewCursorKey, userCursorKey } from './cursor'
import {
  DuplicateKeyError,
  type AtomRecord, type AtomRepository, type EmbeddingUpdate, type StoredEmbedding, type CardStateRepository, type CollectionPatch, type CollectionRecord, type CollectionRepository, type DocumentPatch,
  type DocumentListOptions, type DocumentRecord, type DocumentRepository, type DocumentStore, type InvitationKind, type InvitationRecord,
  type InvitationRepository, type KeyTermRepository, type PageOptions, type ReviewRepository, type SharedCollection,
  type ScheduleFitRepository, type TermLabelRepository, type TypeLabelRepository, type UserListOptions, type UserRecord, type UserRepository,
} from './types'

const hasColumn = (db: Database.Database, table: string, column: string) =>
  (db.prepare(`SELECT 1 FROM pragma_table_info(?) WHERE name = ?`).get(table, column)) !== undefined

/**
 * Collections, their shares, and each document's collection. Safe to run again over a database that has any
 * part of it already (branches number their migrations independently).
 */
function addCollections(db: Database.Database) {
  if (!hasColumn(db, 'documents', 'collection_id')) db.exec('ALTER TABLE documents ADD COLUMN collection_id TEXT')
  db.exec(`CREATE INDEX IF NOT EXISTS documents_collection ON documents (collection_id, created_at DESC, id DESC);
    CREATE TABLE IF NOT EXISTS collections (
      id TEXT PRIMARY KEY, owner_id TEXT NOT NULL, name TEXT NOT NULL, description TEXT NOT NULL,
      created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
    CREATE INDEX IF NOT EXISTS collections_owner ON collections (owner_id, created_at DESC, id DESC);
    CREATE TABLE IF NOT EXISTS collection_shares (
      collection_id TEXT NOT NULL, user_id TEXT NOT NULL, role TEXT NOT NULL, PRIMARY KEY (collection_id, user_id));
    CREATE INDEX IF NOT EXISTS collection_shares_user ON collection_shares (user_id);`)
}

/**
 * Schema versions, applied in order; `PRAGMA user_version` records how many ran. A migration is SQL, or a
 * function for steps SQLite cannot make idempotent by itself (adding a column).
 */
const migrations: (string | ((db: Database.Database) => void))[] = [
  `CREATE TABLE users (
     id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE, name TEXT NOT NULL, role TEXT NOT NULL,
     password_hash TEXT NOT NULL, created_at TEXT NOT NULL);
   CREATE TABLE documents (
     id TEXT PRIMARY KEY, owner_id TEXT NOT NULL, title TEXT NOT NULL, filename TEXT NOT NULL,
     format TEXT NOT NULL, size INTEGER NOT NULL, file_key TEXT NOT NULL, status TEXT NOT NULL,
     progress REAL NOT NULL, stage TEXT, atom_count INTEGER NOT NULL, error TEXT, version INTEGER NOT NULL,
     created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
   CREATE INDEX documents_owner ON documents (owner_id, created_at DESC, id DESC);
   CREATE INDEX documents_status ON documents (status);
   CREATE TABLE document_shares (
     document_id TEXT NOT NULL, user_id TEXT NOT NULL, PRIMARY KEY (document_id, user_id));
   CREATE INDEX document_shares_user ON document_shares (user_id);
   CREATE TABLE atoms (
     id TEXT PRIMARY KEY, document_id TEXT NOT NULL, position INTEGER NOT NULL, data TEXT NOT NULL);
   CREATE INDEX atoms_document ON atoms (document_id, position);`,
  addCollections,
  // Later migrations may run over what they made (see addCollections), so they only add what is missing.
  `CREATE TABLE IF NOT EXISTS review_logs (
     id TEXT PRIMARY KEY, user_id TEXT NOT NULL, reviewed_at TEXT NOT NULL, data TEXT NOT NULL);
   CREATE INDEX IF NOT EXISTS review_logs_user ON review_logs (user_id, reviewed_at DESC, id DESC);
   CREATE TABLE IF NOT EXISTS card_states (
     user_id TEXT NOT NULL, card_id TEXT NOT NULL, document_id TEXT NOT NULL, due TEXT NOT NULL, data TEXT NOT NULL,
     PRIMARY KEY (user_id, card_id));
   CREATE INDEX IF NOT EXISTS card_states_due ON card_states (user_id, due, card_id);
   CREATE INDEX IF NOT EXISTS card_states_document ON card_states (document_id);`,
  `CREATE TABLE IF NOT EXISTS type_labels (seq INTEGER PRIMARY KEY AUTOINCREMENT, data TEXT NOT NULL);`,
  `CREATE INDEX IF NOT EXISTS users_newest ON users (created_at DESC, id DESC);`,
  `CREATE TABLE IF NOT EXISTS schedule_fits (user_id TEXT PRIMARY KEY, data TEXT NOT NULL);`,
  addAtomEmbeddings,
  addEmbeddingVersions,
  `CREATE TABLE IF NOT EXISTS invitations (
     id TEXT PRIMARY KEY, kind TEXT NOT NULL, target_id TEXT NOT NULL, email TEXT NOT NULL, role TEXT NOT NULL,
     inviter_id TEXT NOT NULL, created_at TEXT NOT NULL, UNIQUE (kind, target_id, email));
   CREATE INDEX IF NOT EXISTS invitations_email ON invitations (email, created_at, id);`,
  `CREATE TABLE IF NOT EXISTS key_terms (document_id TEXT PRIMARY KEY, data TEXT NOT NULL);
   CREATE TABLE IF NOT EXISTS term_labels (seq INTEGER PRIMARY KEY AUTOINCREMENT, document_id TEXT NOT NULL, data TEXT NOT NULL);
   CREATE INDEX IF NOT EXISTS term_labels_document ON term_labels (document_id, seq);`,
]

/** Atoms' embeddings as float32 bytes beside the JSON, which display reads then never parse. */
function addAtomEmbeddings(db: Database.Database) {
  const columns = db.prepare('PRAGMA table_info(atoms)').all() as { name: string }[]
  if (!columns.some(column => column.name === 'embedding')) db.exec('ALTER TABLE atoms ADD COLUMN embedding BLOB')
}

/** The encoder version of each stored vector: vectors of two encoders are never compared. */
function addEmbeddingVersions(db: Database.Database) {
  const columns = db.prepare('PRAGMA table_info(atoms)').all() as { name: string }[]
  if (!columns.some(column => column.name === 'embedding_version')) db.exec('ALTER TABLE atoms ADD COLUMN embedding_version TEXT')
}

const vectorBytes = (vector: number[] | undefined) => (vector ? Buffer.from(Float32Array.from(vector).buffer) : null)
const bytesVector = (bytes: Buffer) => Array.from(new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)))

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

interface CollectionRow {
  id: string
  owner_id: string
  name: string
  description: string
  created_at: string
  updated_at: string
}

interface UserRow {
  id: string
  email: string
  name: string
  role: Role
  password_hash: string
  created_at: string
}

const documentColumns: Record<keyof DocumentPatch, string> = {
  title: 'title', status: 'status', progress: 'progress', stage: 'stage', atomCount: 'atom_count',
  error: 'error', version: 'version', updatedAt: 'updated_at', fileKey: 'file_key', filename: 'filename', format: 'format', size: 'size',
  collectionId: 'collection_id',
}

const collectionColumns: Record<keyof CollectionPatch, string> = { name: 'name', description: 'description', updatedAt: 'updated_at' }

function toUser(row: UserRow): UserRecord {
  return { id: row.id, email: row.email, name: row.name, role: row.role, passwordHash: row.password_hash, createdAt: row.created_at }
}

function toDocument(row: DocumentRow): DocumentRecord {
  return {
    id: row.id, ownerId: row.owner_id, title: row.title, filename: row.filename, format: row.format,
    size: row.size, fileKey: row.file_key, status: row.status, progress: row.progress, stage: row.stage,
    atomCount: row.atom_count, error: row.error, version: row.version, collectionId: row.collection_id ?? null, createdAt: row.created_at, updatedAt: row.updated_at,
  }
}

function toCollection(row: CollectionRow): CollectionRecord {
  return { id: row.id, ownerId: row.owner_id, name: row.name, description: row.description, createdAt: row.created_at, updatedAt: row.updated_at }
}

function migrate(db: Database.Database) {
  const applied = db.pragma('user_version', { simple: true }) as number
  for (let version = applied; version < migrations.length; version++) {
    db.transaction(() => {
      const migration = migrations[version]!
      if (typeof migration === 'string') db.exec(migration)
      else migration(db)
      db.pragma(`user_version = ${version + 1}`)
    })()
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

class SqliteUsers implements UserRepository {
  constructor(private readonly db: Database.Database) {}

  async create(user: UserRecord) {
    try {
      this.db.prepare(`INSERT INTO users (id, email, name, role, password_hash, created_at)
        VALUES (@id, @email, @name, @role, @passwordHash, @createdAt)`).run(user)
      return user
    }
    catch (error) {
      if (error instanceof Error && 'code' in error && error.code === 'SQLITE_CONSTRAINT_UNIQUE') throw new DuplicateKeyError('email')
      throw error
    }
  }

  async findById(id: string) {
    const row = this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined
    return row ? toUser(row) : null
  }

  async findByEmail(email: string) {
    const row = this.db.prepare('SELECT * FROM users WHERE email = ?').get(email) as UserRow | undefined
    return row ? toUser(row) : null
  }

  async setRole(id: string, role: Role) {
    this.db.prepare('UPDATE users SET role = ? WHERE id = ?').run(role, id)
    return this.findById(id)
  }

  async count() {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n
  }

  async list({ cursor, limit, query, role }: UserListOptions) {
    const after = decodeCursor(cursor, userCursorKey.shape)
    const conditions: string[] = []
    const params: string[] = []
    if (query) {
      conditions.push(`(instr(lower(email), ?) > 0 OR instr(lower(name), ?) > 0)`)
      params.push(query.toLowerCase(), query.toLowerCase())
    }
    if (role) {
      conditions.push('role = ?')
      params.push(role)
    }
    if (after) {
      conditions.push('(created_at, id) < (?, ?)')
      params.push(...after as string[])
    }
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''
    const rows = this.db.prepare(`SELECT * FROM users ${where} ORDER BY created_at DESC, id DESC LIMIT ?`).all(...params, limit + 1) as UserRow[]
    return pageOf(rows.map(toUser), limit, userCursorKey)
  }
}

class SqliteDocuments implements DocumentRepository {
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
    const byId = new Map(rows.map(row => [row.id, toDocument(row)]))
    return ids.flatMap(id => byId.get(id) ?? [])
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

class SqliteCollections implements CollectionRepository {
  constructor(private readonly db: Database.Database) {}

  async create(collection: CollectionRecord) {
    this.db.prepare(`INSERT INTO collections (id, owner_id, name, description, created_at, updated_at)
      VALUES (@id, @ownerId, @name, @description, @createdAt, @updatedAt)`).run(collection)
  }

  async get(id: string) {
    const row = this.db.prepare('SELECT * FROM collections WHERE id = ?').get(id) as CollectionRow | undefined
    return row ? toCollection(row) : null
  }

  async listByOwner(ownerId: string, { cursor, limit }: PageOptions) {
    const after = decodeCursor(cursor, collectionCursorKey.shape)
    const rows = (after
      ? this.db.prepare(`SELECT * FROM collections WHERE owner_id = ? AND (created_at, id) < (?, ?)
          ORDER BY created_at DESC, id DESC LIMIT ?`).all(ownerId, after[0], after[1], limit + 1)
      : this.db.prepare('SELECT * FROM collections WHERE owner_id = ? ORDER BY created_at DESC, id DESC LIMIT ?')
          .all(ownerId, limit + 1)) as CollectionRow[]
    return pageOf(rows.map(toCollection), limit, collectionCursorKey)
  }

  async listSharedWith(userId: string, { cursor, limit }: PageOptions) {
    const after = decodeCursor(cursor, collectionCursorKey.shape)
    const base = 'SELECT c.*, s.role FROM collections c JOIN collection_shares s ON s.collection_id = c.id WHERE s.user_id = ?'
    const rows = (after
      ? this.db.prepare(`${base} AND (c.created_at, c.id) < (?, ?) ORDER BY c.created_at DESC, c.id DESC LIMIT ?`)
          .all(userId, after[0], after[1], limit + 1)
      : this.db.prepare(`${base} ORDER BY c.created_at DESC, c.id DESC LIMIT ?`).all(userId, limit + 1)) as (CollectionRow & { role: CollectionShareRole })[]
    return pageOf(rows.map((row): SharedCollection => ({ ...toCollection(row), role: row.role })), limit, collectionCursorKey)
  }

  async update(id: string, patch: CollectionPatch) {
    const entries = Object.entries(patch).filter(([, value]) => value !== undefined) as [keyof CollectionPatch, unknown][]
    if (entries.length > 0) {
      const assignments = entries.map(([key]) => `${collectionColumns[key]} = @${key}`).join(', ')
      this.db.prepare(`UPDATE collections SET ${assignments} WHERE id = @id`).run({ ...Object.fromEntries(entries), id })
    }
    return this.get(id)
  }

  async delete(id: string) {
    return this.db.transaction(() => {
      this.db.prepare('UPDATE documents SET collection_id = NULL WHERE collection_id = ?').run(id)
      this.db.prepare('DELETE FROM collection_shares WHERE collection_id = ?').run(id)
      return this.db.prepare('DELETE FROM collections WHERE id = ?').run(id).changes > 0
    })()
  }

  async share(collectionId: string, userId: string, role: CollectionShareRole) {
    this.db.prepare(`INSERT INTO collection_shares (collection_id, user_id, role) VALUES (?, ?, ?)
      ON CONFLICT (collection_id, user_id) DO UPDATE SET role = excluded.role`).run(collectionId, userId, role)
  }

  async unshare(collectionId: string, userId: string) {
    this.db.prepare('DELETE FROM collection_shares WHERE collection_id = ? AND user_id = ?').run(collectionId, userId)
  }

  async shares(collectionId: string) {
    return this.db.prepare('SELECT user_id AS userId, role FROM collection_shares WHERE collection_id = ? ORDER BY user_id')
      .all(collectionId) as { userId: string, role: CollectionShareRole }[]
  }

  async roleOf(collectionId: string, userId: string) {
    const row = this.db.prepare(`SELECT CASE WHEN c.owner_id = @userId THEN 'owner' ELSE s.role END AS role
      FROM collections c LEFT JOIN collection_shares s ON s.collection_id = c.id AND s.user_id = @userId WHERE c.id = @collectionId`)
      .get({ collectionId, userId }) as { role: CollectionShareRole | 'owner' | null } | undefined
    return row?.role ?? null
  }
}

// Invitations: shares waiting for their invitee (a repository of its own, kept apart from the shares).

interface InvitationRow {
  id: string
  kind: InvitationKind
  target_id: string
  email: string
  role: CollectionShareRole
  inviter_id: string
  created_at: string
}

const toInvitation = (row: InvitationRow): InvitationRecord => ({
  id: row.id, kind: row.kind, targetId: row.target_id, email: row.email, role: row.role, inviterId: row.inviter_id, createdAt: row.created_at,
})

class SqliteInvitations implements InvitationRepository {
  constructor(private readonly db: Database.Database) {}

  async put(invitation: InvitationRecord) {
    this.db.prepare(`INSERT INTO invitations (id, kind, target_id, email, role, inviter_id, created_at)
      VALUES (@id, @kind, @targetId, @email, @role, @inviterId, @createdAt)
      ON CONFLICT (kind, target_id, email) DO UPDATE SET role = excluded.role`).run(invitation)
    const row = this.db.prepare('SELECT * FROM invitations WHERE kind = ? AND target_id = ? AND email = ?')
      .get(invitation.kind, invitation.targetId, invitation.email) as InvitationRow
    return toInvitation(row)
  }

  async get(id: string) {
    const row = this.db.prepare('SELECT * FROM invitations WHERE id = ?').get(id) as InvitationRow | undefined
    return row ? toInvitation(row) : null
  }

  async listByEmail(email: string) {
    const rows = this.db.prepare('SELECT * FROM invitations WHERE email = ? ORDER BY created_at, id').all(email) as InvitationRow[]
    return rows.map(toInvitation)
  }

  async listByTarget(kind: InvitationKind, targetId: string) {
    const rows = this.db.prepare('SELECT * FROM invitations WHERE kind = ? AND target_id = ? ORDER BY created_at, id').all(kind, targetId) as InvitationRow[]
    return rows.map(toInvitation)
  }

  async delete(id: string) {
    return this.db.prepare('DELETE FROM invitations WHERE id = ?').run(id).changes > 0
  }

  async deleteByTarget(kind: InvitationKind, targetId: string) {
    return this.db.prepare('DELETE FROM invitations WHERE kind = ? AND target_id = ?').run(kind, targetId).changes
  }
}

function atomRecordOf(row: { data: string, embedding: Buffer | null, embedding_version: string | null }): AtomRecord {
  return {
    ...JSON.parse(row.data) as Atom,
    ...(row.embedding && { embedding: bytesVector(row.embedding) }),
    ...(row.embedding && row.embedding_version !== null && { embeddingVersion: row.embedding_version }),
  }
}

class SqliteAtoms implements AtomRepository {
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
    const byId = new Map(rows.map(row => [row.id, JSON.parse(row.data) as Atom]))
    return ids.flatMap(id => byId.get(id) ?? [])
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

  async* scan(batchSize: number) {
    let afterId = ''
    for (;;) {
      const rows = this.db.prepare('SELECT id, data, embedding, embedding_version FROM atoms WHERE id > ? ORDER BY id LIMIT ?')
        .all(afterId, batchSize) as { id: string, data: string, embedding: Buffer | null, embedding_version: string | null }[]
      if (rows.length === 0) return
      afterId = rows.at(-1)!.id
      yield rows.map(atomRecordOf)
    }
  }
}

class SqliteReviews implements ReviewRepository {
  constructor(private readonly db: Database.Database) {}

  async appendMany(logs: ReviewLog[]) {
    const insert = this.db.prepare('INSERT OR IGNORE INTO review_logs (id, user_id, reviewed_at, data) VALUES (?, ?, ?, ?)')
    return this.db.transaction((batch: ReviewLog[]) =>
      batch.filter(log => insert.run(log.id, log.userId, log.reviewedAt, JSON.stringify(log)).changes > 0).map(log => log.id))(logs)
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

  async* scan(batchSize: number) {
    let afterId = ''
    for (;;) {
      const rows = this.db.prepare('SELECT id, data FROM review_logs WHERE id > ? ORDER BY id LIMIT ?')
        .all(afterId, batchSize) as { id: string, data: string }[]
      if (rows.length === 0) return
      afterId = rows.at(-1)!.id
      yield rows.map(row => JSON.parse(row.data) as ReviewLog)
    }
  }
}

class SqliteCardStates implements CardStateRepository {
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

class SqliteTypeLabels implements TypeLabelRepository {
  constructor(private readonly db: Database.Database) {}

  async append(label: TypeLabel) {
    this.db.prepare('INSERT INTO type_labels (data) VALUES (?)').run(JSON.stringify(label))
  }

  async* scan(batchSize: number) {
    let afterSeq = 0
    for (;;) {
      const rows = this.db.prepare('SELECT seq, data FROM type_labels WHERE seq > ? ORDER BY seq LIMIT ?')
        .all(afterSeq, batchSize) as { seq: number, data: string }[]
      if (rows.length === 0) return
      afterSeq = rows.at(-1)!.seq
      yield rows.map(row => JSON.parse(row.data) as TypeLabel)
    }
  }
}

class SqliteKeyTerms implements KeyTermRepository {
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

class SqliteTermLabels implements TermLabelRepository {
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

  async* scan(batchSize: number) {
    let afterSeq = 0
    for (;;) {
      const rows = this.db.prepare('SELECT seq, data FROM term_labels WHERE seq > ? ORDER BY seq LIMIT ?')
        .all(afterSeq, batchSize) as { seq: number, data: string }[]
      if (rows.length === 0) return
      afterSeq = rows.at(-1)!.seq
      yield rows.map(row => JSON.parse(row.data) as TermLabel)
    }
  }
}

class SqliteScheduleFits implements ScheduleFitRepository {
  constructor(private readonly db: Database.Database) {}

  async get(userId: string) {
    const row = this.db.prepare('SELECT data FROM schedule_fits WHERE user_id = ?').get(userId) as { data: string } | undefined
    return row ? JSON.parse(row.data) as ScheduleFit : null
  }

  async put(userId: string, fit: ScheduleFit) {
    this.db.prepare('INSERT OR REPLACE INTO schedule_fits (user_id, data) VALUES (?, ?)').run(userId, JSON.stringify(fit))
  }
}

/** SQLite file store: the embedded default, one file under the data folder. */
export function createSqliteStore(file: string): DocumentStore {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.pragma('busy_timeout = 5000')
  migrate(db)
  return {
    kind: 'sqlite',
    users: new SqliteUsers(db),
    documents: new SqliteDocuments(db),
    collections: new SqliteCollections(db),
    invitations: new SqliteInvitations(db),
    atoms: new SqliteAtoms(db),
    reviews: new SqliteReviews(db),
    cardStates: new SqliteCardStates(db),
    typeLabels: new SqliteTypeLabels(db),
    keyTerms: new SqliteKeyTerms(db),
    termLabels: new SqliteTermLabels(db),
    scheduleFits: new SqliteScheduleFits(db),
    async close() {
      if (db.open) db.close()
    },
  }
}
