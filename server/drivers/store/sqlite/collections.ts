import type Database from 'better-sqlite3'
import type { CollectionShareRole } from '../../../../shared/schemas/collection'
import { collectionCursorKey, decodeCursor, pageOf } from '../cursor'
import type { CollectionPatch, CollectionRecord, CollectionRepository, PageOptions, SharedCollection } from '../types'

interface CollectionRow {
  id: string
  owner_id: string
  name: string
  description: string
  created_at: string
  updated_at: string
}

const collectionColumns: Record<keyof CollectionPatch, string> = { name: 'name', description: 'description', updatedAt: 'updated_at' }

function toCollection(row: CollectionRow): CollectionRecord {
  return { id: row.id, ownerId: row.owner_id, name: row.name, description: row.description, createdAt: row.created_at, updatedAt: row.updated_at }
}

export class SqliteCollections implements CollectionRepository {
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
