import { setTimeout as sleep } from 'node:timers/promises'
import type { DocumentStatus } from '../../../../shared/schemas/document'
import { documentCursorKey, pageOf } from '../cursor'
import { inOrderOf } from '../paging'
import type { DocumentListOptions, DocumentPatch, DocumentRecord, DocumentRepository } from '../types'
import type { ConnectedModels } from './connection'
import { insertUnique, isDuplicateKey } from './duplicate-keys'
import { writeClaimId, type StoreModels, type StoredDocument } from './models'
import { createdAfter, newestFirst, oldestFirst } from './pages'
import { toRecord, toStored } from './records'

/** How long a document write may hold its claim, when another writer may take it over, and when to give up waiting. */
const claimTimings = { holdMs: 10_000, staleMs: 30_000, giveUpMs: 45_000 }

/** Lean reads skip schema defaults: a document stored before collections existed is in none. */
function toDocument(stored: StoredDocument): DocumentRecord {
  return { ...toRecord<DocumentRecord>(stored), collectionId: stored.collectionId ?? null }
}

/** The filter and sort of a page of documents, keyed by (createdAt, _id) in the order asked for. */
function documentPage({ cursor, statuses, order }: DocumentListOptions) {
  return {
    filter: { ...(statuses?.length && { status: { $in: statuses } }), ...createdAfter(cursor, order) },
    sort: order === 'oldest' ? oldestFirst : newestFirst,
  }
}

/** Waits a little, longer after each failed attempt, with jitter so contenders spread out. */
const backOff = (attempt: number) => sleep(2 + Math.random() * 4 * Math.min(attempt + 1, 10))

export class MongoDocuments implements DocumentRepository {
  constructor(private readonly connected: ConnectedModels) {}

  async create(document: DocumentRecord) {
    const models = await this.connected()
    await insertUnique('id', () => models.documents.create({ ...toStored(document), __v: 0 }))
  }

  async get(id: string) {
    const models = await this.connected()
    const found = await models.documents.findById(id).lean()
    return found ? toDocument(found) : null
  }

  async getMany(ids: string[]) {
    if (ids.length === 0) return []
    const models = await this.connected()
    const found = await models.documents.find({ _id: { $in: [...new Set(ids)] } }).lean()
    return inOrderOf(ids, found, stored => stored._id).map(toDocument)
  }

  async listByOwner(ownerId: string, options: DocumentListOptions) {
    const { filter, sort } = documentPage(options)
    const models = await this.connected()
    const found = await models.documents.find({ ownerId, ...filter }).sort(sort).limit(options.limit + 1).lean()
    return pageOf(found.map(toDocument), options.limit, documentCursorKey)
  }

  async listSharedWith(userId: string, options: DocumentListOptions) {
    const { filter, sort } = documentPage(options)
    const models = await this.connected()
    // Two queries joined here: FerretDB has no $lookup.
    const shares = await models.shares.find({ userId }, { documentId: 1 }).lean()
    if (shares.length === 0) return { items: [] }
    const found = await models.documents.find({ _id: { $in: shares.map(share => share.documentId) }, ...filter })
      .sort(sort).limit(options.limit + 1).lean()
    return pageOf(found.map(toDocument), options.limit, documentCursorKey)
  }

  async listByCollection(collectionId: string, options: DocumentListOptions) {
    const { filter, sort } = documentPage(options)
    const models = await this.connected()
    const found = await models.documents.find({ collectionId, ...filter }).sort(sort).limit(options.limit + 1).lean()
    return pageOf(found.map(toDocument), options.limit, documentCursorKey)
  }

  async countByCollections(collectionIds: string[]) {
    const models = await this.connected()
    const ids = [...new Set(collectionIds)]
    const counts = await Promise.all(ids.map(collectionId => models.documents.countDocuments({ collectionId })))
    return new Map(ids.map((id, i) => [id, counts[i]!]))
  }

  async listByStatus(statuses: DocumentStatus[]) {
    if (statuses.length === 0) return []
    const models = await this.connected()
    const found = await models.documents.find({ status: { $in: statuses } }).sort(oldestFirst).lean()
    return found.map(toDocument)
  }

  /**
   * Read, check the version, claim the revision read, then write only if the document is still at that
   * revision. The claim makes writers of one document take turns on FerretDB too (see DocumentWriteClaim);
   * on MongoDB the final findOneAndUpdate, filtered on version and revision, is atomic by itself.
   */
  async update(id: string, patch: DocumentPatch, { ifVersion }: { ifVersion?: number } = {}) {
    const changes = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined))
    const { documents, writeClaims } = await this.connected()
    const deadline = Date.now() + claimTimings.giveUpMs
    for (let attempt = 0; ; attempt++) {
      const current = await documents.findById(id).lean()
      if (!current) return null
      if (ifVersion !== undefined && current.version !== ifVersion) return null
      if (Object.keys(changes).length === 0) return toDocument(current)
      const revision = current.__v
      const claim = await this.claim(writeClaims, id, revision)
      if (claim) {
        try {
          if (performance.now() - claim.since < claimTimings.holdMs) {
            const updated = await documents.findOneAndUpdate(
              { _id: id, __v: revision, ...(ifVersion !== undefined && { version: ifVersion }) },
              { $set: changes, $inc: { __v: 1 } },
              { returnDocument: 'after', runValidators: true },
            ).lean()
            if (updated) return toDocument(updated)
          }
        }
        finally {
          await claim.release()
        }
      }
      if (Date.now() > deadline) throw new Error(`document ${id} stayed busy: no write went through in ${claimTimings.giveUpMs} ms`)
      await backOff(attempt)
    }
  }

  /** The right to write the document at `revision`, or undefined while another writer holds it. */
  private async claim(writeClaims: StoreModels['writeClaims'], documentId: string, revision: number) {
    for (let generation = 0; ; generation++) {
      const _id = writeClaimId(documentId, revision, generation)
      const since = performance.now()
      try {
        await writeClaims.create({ _id, documentId, at: new Date() })
        return { since, release: async () => void await writeClaims.deleteOne({ _id }) }
      }
      catch (error) {
        if (!isDuplicateKey(error)) throw error
      }
      const held = await writeClaims.findById(_id).lean()
      // Released meanwhile (the document has moved on: read it again), or held by a live writer: wait.
      if (!held || Date.now() - held.at.getTime() < claimTimings.staleMs) return undefined
    }
  }

  async delete(id: string) {
    const models = await this.connected()
    // The document goes first: a crash before the shares go leaves only shares of nothing, and deleting again clears them.
    const { deletedCount } = await models.documents.deleteOne({ _id: id })
    await Promise.all([
      models.shares.deleteMany({ documentId: id }),
      models.writeClaims.deleteMany({ documentId: id }),
    ])
    return deletedCount > 0
  }

  async share(documentId: string, userId: string) {
    const models = await this.connected()
    try {
      await models.shares.create({ documentId, userId })
    }
    catch (error) {
      // Already shared: sharing is idempotent.
      if (!isDuplicateKey(error)) throw error
    }
  }

  async unshare(documentId: string, userId: string) {
    const models = await this.connected()
    await models.shares.deleteOne({ documentId, userId })
  }

  async isSharedWith(documentId: string, userId: string) {
    const models = await this.connected()
    return (await models.shares.exists({ documentId, userId })) !== null
  }

  async sharedWith(documentId: string) {
    const models = await this.connected()
    const found = await models.shares.find({ documentId }, { userId: 1 }).sort({ userId: 1 }).lean()
    return found.map(share => share.userId)
  }

  async readableIds(userId: string) {
    const models = await this.connected()
    const [owned, shared, ownedCollections, sharedCollections] = await Promise.all([
      models.documents.find({ ownerId: userId }, { _id: 1 }).lean(),
      models.shares.find({ userId }, { documentId: 1 }).lean(),
      models.collections.find({ ownerId: userId }, { _id: 1 }).lean(),
      models.collectionShares.find({ userId }, { collectionId: 1 }).lean(),
    ])
    // Joined here: FerretDB has no $lookup.
    const collectionIds = [...ownedCollections.map(collection => collection._id), ...sharedCollections.map(share => share.collectionId)]
    const inCollections = collectionIds.length === 0
      ? []
      : await models.documents.find({ collectionId: { $in: collectionIds } }, { _id: 1 }).lean()
    return [...new Set([
      ...owned.map(document => document._id), ...shared.map(share => share.documentId), ...inCollections.map(document => document._id),
    ])]
  }
}
