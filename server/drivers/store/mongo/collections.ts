import type { CollectionShareRole } from '../../../../shared/schemas/collection'
import { collectionCursorKey, pageOf } from '../cursor'
import type { CollectionPatch, CollectionRecord, CollectionRepository, DocumentRepository, PageOptions, SharedCollection } from '../types'
import type { ConnectedModels } from './connection'
import { insertUnique, isDuplicateKey } from './duplicate-keys'
import { createdAfter, newestFirst } from './pages'
import { toRecord, toStored } from './records'

export class MongoCollections implements CollectionRepository {
  constructor(private readonly connected: ConnectedModels, private readonly documents: DocumentRepository) {}

  async create(collection: CollectionRecord) {
    const models = await this.connected()
    await insertUnique('id', () => models.collections.create(toStored(collection)))
  }

  async get(id: string) {
    const models = await this.connected()
    const found = await models.collections.findById(id).lean()
    return found ? toRecord<CollectionRecord>(found) : null
  }

  async listByOwner(ownerId: string, { cursor, limit }: PageOptions) {
    const after = createdAfter(cursor)
    const models = await this.connected()
    const found = await models.collections.find({ ownerId, ...after }).sort(newestFirst).limit(limit + 1).lean()
    return pageOf(found.map(toRecord<CollectionRecord>), limit, collectionCursorKey)
  }

  async listSharedWith(userId: string, { cursor, limit }: PageOptions) {
    const after = createdAfter(cursor)
    const models = await this.connected()
    // Two queries joined here: FerretDB has no $lookup.
    const shares = await models.collectionShares.find({ userId }, { collectionId: 1, role: 1 }).lean()
    if (shares.length === 0) return { items: [] }
    const roles = new Map(shares.map(share => [share.collectionId, share.role]))
    const found = await models.collections.find({ _id: { $in: [...roles.keys()] }, ...after }).sort(newestFirst).limit(limit + 1).lean()
    return pageOf(found.map((stored): SharedCollection => ({ ...toRecord<CollectionRecord>(stored), role: roles.get(stored._id)! })),
      limit, collectionCursorKey)
  }

  async update(id: string, patch: CollectionPatch) {
    const changes = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined))
    const models = await this.connected()
    const updated = Object.keys(changes).length === 0
      ? await models.collections.findById(id).lean()
      : await models.collections.findOneAndUpdate({ _id: id }, { $set: changes }, { returnDocument: 'after', runValidators: true }).lean()
    return updated ? toRecord<CollectionRecord>(updated) : null
  }

  /**
   * Documents leave the collection first, each through the documents' own guarded write (so a job's
   * progress written at the same time is not lost), then the collection goes, then its shares: a crash
   * between steps leaves at most a collection with fewer documents, or shares of nothing.
   */
  async delete(id: string) {
    const models = await this.connected()
    for (;;) {
      const page = await this.documents.listByCollection(id, { limit: 100 })
      if (page.items.length === 0) break
      await Promise.all(page.items.map(document => this.documents.update(document.id, { collectionId: null })))
    }
    const { deletedCount } = await models.collections.deleteOne({ _id: id })
    await models.collectionShares.deleteMany({ collectionId: id })
    return deletedCount > 0
  }

  async share(collectionId: string, userId: string, role: CollectionShareRole) {
    const { collectionShares } = await this.connected()
    try {
      await collectionShares.updateOne({ collectionId, userId }, { $set: { role } }, { upsert: true, runValidators: true })
    }
    catch (error) {
      // Two shares with the same user at once: the loser's insert clashes; the share exists now, so set its role.
      if (!isDuplicateKey(error)) throw error
      await collectionShares.updateOne({ collectionId, userId }, { $set: { role } }, { runValidators: true })
    }
  }

  async unshare(collectionId: string, userId: string) {
    const models = await this.connected()
    await models.collectionShares.deleteOne({ collectionId, userId })
  }

  async shares(collectionId: string) {
    const models = await this.connected()
    const found = await models.collectionShares.find({ collectionId }).sort({ userId: 1 }).lean()
    return found.map(share => ({ userId: share.userId, role: share.role }))
  }

  async roleOf(collectionId: string, userId: string) {
    const models = await this.connected()
    const [collection, share] = await Promise.all([
      models.collections.findById(collectionId, { ownerId: 1 }).lean(),
      models.collectionShares.findOne({ collectionId, userId }, { role: 1 }).lean(),
    ])
    if (!collection) return null
    return collection.ownerId === userId ? 'owner' : share?.role ?? null
  }
}
