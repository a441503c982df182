import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import type { Atom } from '../../../shared/schemas/atom'
import type { TypeLabel } from '../../../shared/schemas/atom-edit'
import type { Role } from '../../../shared/schemas/auth'
import type { DocumentStatus } from '../../../shared/schemas/document'
import { atomCursorKey, decodeCursor, documentCursorKey, pageOf } from './cursor'
import {
  DuplicateKeyError,
  type AtomRepository, type DocumentPatch, type DocumentRecord, type DocumentRepository,
  type DocumentStore, type PageOptions, type TypeLabelRepository, type UserRecord, type UserRepository,
} from './types'

/** Schema versions, applied in order; `PRAGMA user_version` records how many ran. */
const migrations = [
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
  `CREATE TABLE type_labels (seq INTEGER PRIMARY KEY AUTOINCREMENT, data TEXT NOT NULL);`,
]

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
}

function toUser(row: UserRow): UserRecord {
  return { id: row.id, email: row.email, name: row.name, role: row.role, passwordHash: row.password_hash, createdAt: row.created_at }
}

function toDocument(row: DocumentRow): DocumentRecord {
  return {
    id: row.id, ownerId: row.owner_id, title: row.title, filename: row.filename, format: row.format,
    size: row.size, fileKey: row.file_key, status: row.status, progress: row.progress, stage: row.stage,
    atomCount: row.atom_count, error: row.error, version: row.version, createdAt: row.created_at, updatedAt: row.updated_at,
  }
}

function migrate(db: Database.Database) {
  const applied = db.pragma('user_version', { simple: true }) as number
  for (let version = applied; version < migrations.length; version++) {
    db.transaction(() => {
      db.exec(migrations[version]!)
      db.pragma(`user_version = ${version + 1}`)
    })()
  }
}

/** Newest-first page over documents, keyed by (created_at, id). */
function pageOfDocuments(rows: DocumentRow[], limit: number) {
  return pageOf(rows.map(toDocument), limit, documentCursorKey)
}

class SqliteUsers implements UserRepository {
  constructor(private readonly db: Database.Database) {}

  async create(user: UserRecord, options: { adminIfFirst?: boolean } = {}) {
    const insert = this.db.transaction((record: UserRecord) => {
      const isFirst = (this.db.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n === 0
      const created = { ...record, role: options.adminIfFirst && isFirst ? 'admin' as const : record.role }
      this.db.prepare(`INSERT INTO users (id, email, name, role, password_hash, created_at)
        VALUES (@id, @email, @name, @role, @passwordHash, @createdAt)`).run(created)
      return created
    })
    try {
      return insert(user)
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
}

class SqliteDocuments implements DocumentRepository {
  constructor(private readonly db: Database.Database) {}

  async create(document: DocumentRecord) {
    this.db.prepare(`INSERT INTO documents (id, owner_id, title, filename, format, size, file_key, status, progress,
      stage, atom_count, error, version, created_at, updated_at) VALUES (@id, @ownerId, @title, @filename, @format,
      @size, @fileKey, @status, @progress, @stage, @atomCount, @error, @version, @createdAt, @updatedAt)`).run(document)
  }

  async get(id: string) {
    const row = this.db.prepare('SELECT * FROM documents WHERE id = ?').get(id) as DocumentRow | undefined
    return row ? toDocument(row) : null
  }

  async listByOwner(ownerId: string, { cursor, limit }: PageOptions) {
    const after = decodeCursor(cursor, documentCursorKey.shape)
    const rows = (after
      ? this.db.prepare(`SELECT * FROM documents WHERE owner_id = ? AND (created_at, id) < (?, ?)
          ORDER BY created_at DESC, id DESC LIMIT ?`).all(ownerId, after[0], after[1], limit + 1)
      : this.db.prepare('SELECT * FROM documents WHERE owner_id = ? ORDER BY created_at DESC, id DESC LIMIT ?')
          .all(ownerId, limit + 1)) as DocumentRow[]
    return pageOfDocuments(rows, limit)
  }

  async listSharedWith(userId: string, { cursor, limit }: PageOptions) {
    const after = decodeCursor(cursor, documentCursorKey.shape)
    const base = 'SELECT d.* FROM documents d JOIN document_shares s ON s.document_id = d.id WHERE s.user_id = ?'
    const rows = (after
      ? this.db.prepare(`${base} AND (d.created_at, d.id) < (?, ?) ORDER BY d.created_at DESC, d.id DESC LIMIT ?`)
          .all(userId, after[0], after[1], limit + 1)
      : this.db.prepare(`${base} ORDER BY d.created_at DESC, d.id DESC LIMIT ?`).all(userId, limit + 1)) as DocumentRow[]
    return pageOfDocuments(rows, limit)
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

  async readableIds(userId: string) {
    const rows = this.db.prepare(`SELECT id FROM documents WHERE owner_id = ?
      UNION SELECT document_id AS id FROM document_shares WHERE user_id = ?`).all(userId, userId) as { id: string }[]
    return rows.map(row => row.id)
  }
}

class SqliteAtoms implements AtomRepository {
  constructor(private readonly db: Database.Database) {}

  async upsertMany(atoms: Atom[]) {
    const insert = this.db.prepare('INSERT OR REPLACE INTO atoms (id, document_id, position, data) VALUES (?, ?, ?, ?)')
    this.db.transaction((batch: Atom[]) => {
      for (const atom of batch) insert.run(atom.id, atom.documentId, atom.order, JSON.stringify(atom))
    })(atoms)
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
      const rows = this.db.prepare('SELECT id, data FROM atoms WHERE id > ? ORDER BY id LIMIT ?')
        .all(afterId, batchSize) as { id: string, data: string }[]
      if (rows.length === 0) return
      afterId = rows.at(-1)!.id
      yield rows.map(row => JSON.parse(row.data) as Atom)
    }
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
    atoms: new SqliteAtoms(db),
    typeLabels: new SqliteTypeLabels(db),
    async close() {
      if (db.open) db.close()
    },
  }
}
