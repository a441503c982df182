import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import mongoose from 'mongoose'
import type { Atom } from '../../../shared/schemas/atom'
import type { TypeLabel } from '../../../shared/schemas/atom-edit'
import type { Role } from '../../../shared/schemas/auth'
import type { CollectionShareRole } from '../../../shared/schemas/collection'
import type { DocumentStatus } from '../../../shared/schemas/document'
import type { KeyTerm, TermLabel } from '../../../shared/schemas/glossary'
import type { ScheduleFit } from '../../../shared/schemas/schedule'
import type { CardState, ReviewLog } from '../../../shared/schemas/study'
import { atomCursorKey, collectionCursorKey, decodeCursor, documentCursorKey, pageOf, reviewCursorKey, userCursorKey } from './cursor'
import { cardStateId, storeModels, writeClaimId, type StoreModels, type Stored, type StoredCardState, type StoredDocument, type StoredKeyTerms, type StoredScheduleFit, type StoredUser } from './mongo-models'
import {
  DuplicateKeyError,
  type AtomRecord, type AtomRepository, type CardStateRepository, type EmbeddingUpdate, type StoredEmbedding, type CollectionPatch, type CollectionRecord, type CollectionRepository, type DocumentPatch,
  type DocumentListOptions, type DocumentRecord, type DocumentRepository, type DocumentStore, type InvitationKind, type InvitationRecord,
  type InvitationRepository, type KeyTermRepository, type PageOptions, type ReviewRepository, type ScheduleFitRepository, type SharedCollection,
  type TermLabelRepository, type TypeLabelRepository, type UserListOptions, type UserRecord, type UserRepository,
} from './types'

export interface MongoStoreOptions {
  /** A `mongodb://` or `mongodb+srv://` URI. */
  uri: string
  /** Overrides the database named in the URI. */
  dbName?: string
}

/** How long a document write may hold its claim, when another writer may take it over, and when to give up waiting. */
const claimTimings = { holdMs: 10_000, staleMs: 30_000, giveUpMs: 45_000 }

/** The record without MongoDB's `_id` and `__v`. */
function toRecord<T extends { id: string }>(stored: Stored<T> & { __v?: number }): T {
  const { _id, __v: _version, ...fields } = stored
  return { id: _id, ...fields } as unknown as T
}

/** The user without its seat (read back rather than projected away: FerretDB's findAndModify takes no projection). */
function toUser({ seat: _seat, ...stored }: StoredUser): UserRecord {
  return toRecord<UserRecord>(stored)
}

/** Lean reads skip schema defaults: a document stored before collections existed is in none. */
function toDocument(stored: StoredDocument): DocumentRecord {
  return { ...toRecord<DocumentRecord>(stored), collectionId: stored.collectionId ?? null }
}

function toStored<T extends { id: string }>({ id, ...fields }: T): Stored<T> {
  return { _id: id, ...fields }
}

/** E11000, alone or inside a bulk write's errors. */
function isDuplicateKey(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false
  const { code, writeErrors } = error as { code?: unknown, writeErrors?: { code?: unknown }[] }
  return code === 11000 || (Array.isArray(writeErrors) && writeErrors.some(entry => entry.code === 11000))
}

/**
 * Inserts what it can, unordered; returns the positions whose `_id` was already taken. Any other failure
 * is thrown.
 */
async function insertEach(collection: mongoose.Collection, records: object[]): Promise<number[]> {
  try {
    await collection.insertMany(records as never[], { ordered: false })
    return []
  }
  catch (error) {
    const writeErrors = [(error as { writeErrors?: unknown }).writeErrors ?? []].flat() as { index?: number, code?: number }[]
    if (writeErrors.length === 0 || writeErrors.some(entry => entry.code !== 11000 || entry.index === undefined)) throw error
    return writeErrors.map(entry => entry.index!)
  }
}

/** MongoDB names the index's fields; FerretDB does not, and then `fallback` names the key. */
function duplicateKeyError(error: unknown, fallback: string): DuplicateKeyError {
  const pattern = (error as { keyPattern?: Record<string, unknown> }).keyPattern
  const field = pattern ? Object.keys(pattern)[0] : undefined
  return new DuplicateKeyError(field === undefined ? fallback : field === '_id' ? 'id' : field)
}

/** Keyset condition for "after this cursor" in newest-first (createdAt, _id) order. */
function olderThan(cursor: string | undefined) {
  const after = decodeCursor(cursor, documentCursorKey.shape)
  if (!after) return {}
  const [createdAt, id] = after as [string, string]
  return { $or: [{ createdAt: { $lt: createdAt } }, { createdAt, _id: { $lt: id } }] }
}

const newestFirst = { createdAt: -1, _id: -1 } as const

/** The filter and sort of a page of documents, keyed by (createdAt, _id) in the order asked for. */
function documentPage({ cursor, statuses, order }: DocumentListOptions) {
  const after = decodeCursor(cursor, documentCursorKey.shape) as [string, string] | undefined
  const beyond = order === 'oldest' ? '$gt' : '$lt'
  return {
    filter: {
      ...(statuses?.length && { status: { $in: statuses } }),
      ...(after && { $or: [{ createdAt: { [beyond]: after[0] } }, { createdAt: after[0], _id: { [beyond]: after[1] } }] }),
    },
    sort: order === 'oldest' ? { createdAt: 1, _id: 1 } as const : newestFirst,
  }
}

/** Escapes a user's text for use inside a regular expression. */
const literally = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Waits a little, longer after each failed attempt, with jitter so contenders spread out. */
const backOff = (attempt: number) => sleep(2 + Math.random() * 4 * Math.min(attempt + 1, 10))

class MongoUsers implements UserRepository {
  constructor(private readonly models: StoreModels, private readonly ready: () => Promise<void>) {}

  async create(user: UserRecord) {
    await this.ready()
    try {
      await this.models.users.create({ ...toStored(user), seat: user.id })
      return user
    }
    catch (error) {
      if (isDuplicateKey(error)) throw duplicateKeyError(error, 'email')
      throw error
    }
  }

  async findById(id: string) {
    await this.ready()
    const found = await this.models.users.findById(id).lean()
    return found ? toUser(found) : null
  }

  async findByEmail(email: string) {
    await this.ready()
    const found = await this.models.users.findOne({ email }).lean()
    return found ? toUser(found) : null
  }

  async setRole(id: string, role: Role) {
    await this.ready()
    const updated = await this.models.users.findOneAndUpdate({ _id: id }, { $set: { role } }, { returnDocument: 'after', runValidators: true }).lean()
    return updated ? toUser(updated) : null
  }

  async count() {
    await this.ready()
    return this.models.users.countDocuments()
  }

  async list({ cursor, limit, query, role }: UserListOptions) {
    const after = olderThan(cursor)
    const matching = query && { $or: ['email', 'name'].map(field => ({ [field]: { $regex: literally(query), $options: 'i' } })) }
    await this.ready()
    const found = await this.models.users.find({ $and: [after, matching || {}, role ? { role } : {}] }).sort(newestFirst).limit(limit + 1).lean()
    return pageOf(found.map(toUser), limit, userCursorKey)
  }
}

class MongoDocuments implements DocumentRepository {
  constructor(private readonly models: StoreModels, private readonly ready: () => Promise<void>) {}

  async create(document: DocumentRecord) {
    await this.ready()
    try {
      await this.models.documents.create({ ...toStored(document), __v: 0 })
    }
    catch (error) {
      if (isDuplicateKey(error)) throw duplicateKeyError(error, 'id')
      throw error
    }
  }

  async get(id: string) {
    await this.ready()
    const found = await this.models.documents.findById(id).lean()
    return found ? toDocument(found) : null
  }

  async getMany(ids: string[]) {
    if (ids.length === 0) return []
    await this.ready()
    const found = await this.models.documents.find({ _id: { $in: [...new Set(ids)] } }).lean()
    const byId = new Map(found.map(stored => [stored._id, toDocument(stored)]))
    return ids.flatMap(id => byId.get(id) ?? [])
  }

  async listByOwner(ownerId: string, options: DocumentListOptions) {
    const { filter, sort } = documentPage(options)
    await this.ready()
    const found = await this.models.documents.find({ ownerId, ...filter }).sort(sort).limit(options.limit + 1).lean()
    return pageOf(found.map(toDocument), options.limit, documentCursorKey)
  }

  async listSharedWith(userId: string, options: DocumentListOptions) {
    const { filter, sort } = documentPage(options)
    await this.ready()
    // Two queries joined here: FerretDB has no $lookup.
    const shares = await this.models.shares.find({ userId }, { documentId: 1 }).lean()
    if (shares.length === 0) return { items: [] }
    const found = await this.models.documents.find({ _id: { $in: shares.map(share => share.documentId) }, ...filter })
      .sort(sort).limit(options.limit + 1).lean()
    return pageOf(found.map(toDocument), options.limit, documentCursorKey)
  }

  async listByCollection(collectionId: string, options: DocumentListOptions) {
    const { filter, sort } = documentPage(options)
    await this.ready()
    const found = await this.models.documents.find({ collectionId, ...filter }).sort(sort).limit(options.limit + 1).lean()
    return pageOf(found.map(toDocument), options.limit, documentCursorKey)
  }

  async countByCollections(collectionIds: string[]) {
    await this.ready()
    const ids = [...new Set(collectionIds)]
    const counts = await Promise.all(ids.map(collectionId => this.models.documents.countDocuments({ collectionId })))
    return new Map(ids.map((id, i) => [id, counts[i]!]))
  }

  async listByStatus(statuses: DocumentStatus[]) {
    if (statuses.length === 0) return []
    await this.ready()
    const found = await this.models.documents.find({ status: { $in: statuses } }).sort({ createdAt: 1, _id: 1 }).lean()
    return found.map(toDocument)
  }

  /**
   * Read, check the version, claim the revision read, then write only if the document is still at that
   * revision. The claim makes writers of one document take turns on FerretDB too (see DocumentWriteClaim);
   * on MongoDB the final findOneAndUpdate, filtered on version and revision, is atomic by itself.
   */
  async update(id: string, patch: DocumentPatch, { ifVersion }: { ifVersion?: number } = {}) {
    const changes = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined))
    await this.ready()
    const { documents } = this.models
    const deadline = Date.now() + claimTimings.giveUpMs
    for (let attempt = 0; ; attempt++) {
      const current = await documents.findById(id).lean()
      if (!current) return null
      if (ifVersion !== undefined && current.version !== ifVersion) return null
      if (Object.keys(changes).length === 0) return toDocument(current)
      const revision = current.__v
      const claim = await this.claim(id, revision)
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
  private async claim(documentId: string, revision: number) {
    const { writeClaims } = this.models
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
    await this.ready()
    // The document goes first: a crash before the shares go leaves only shares of nothing, and deleting again clears them.
    const { deletedCount } = await this.models.documents.deleteOne({ _id: id })
    await Promise.all([
      this.models.shares.deleteMany({ documentId: id }),
      this.models.writeClaims.deleteMany({ documentId: id }),
    ])
    return deletedCount > 0
  }

  async share(documentId: string, userId: string) {
    await this.ready()
    try {
      await this.models.shares.create({ documentId, userId })
    }
    catch (error) {
      // Already shared: sharing is idempotent.
      if (!isDuplicateKey(error)) throw error
    }
  }

  async unshare(documentId: string, userId: string) {
    await this.ready()
    await this.models.shares.deleteOne({ documentId, userId })
  }

  async isSharedWith(documentId: string, userId: string) {
    await this.ready()
    return (await this.models.shares.exists({ documentId, userId })) !== null
  }

  async sharedWith(documentId: string) {
    await this.ready()
    const found = await this.models.shares.find({ documentId }, { userId: 1 }).sort({ userId: 1 }).lean()
    return found.map(share => share.userId)
  }

  async readableIds(userId: string) {
    await this.ready()
    const [owned, shared, ownedCollections, sharedCollections] = await Promise.all([
      this.models.documents.find({ ownerId: userId }, { _id: 1 }).lean(),
      this.models.shares.find({ userId }, { documentId: 1 }).lean(),
      this.models.collections.find({ ownerId: userId }, { _id: 1 }).lean(),
      this.models.collectionShares.find({ userId }, { collectionId: 1 }).lean(),
    ])
    // Joined here: FerretDB has no $lookup.
    const collectionIds = [...ownedCollections.map(collection => collection._id), ...sharedCollections.map(share => share.collectionId)]
    const inCollections = collectionIds.length === 0
      ? []
      : await this.models.documents.find({ collectionId: { $in: collectionIds } }, { _id: 1 }).lean()
    return [...new Set([
      ...owned.map(document => document._id), ...shared.map(share => share.documentId), ...inCollections.map(document => document._id),
    ])]
  }
}

class MongoCollections implements CollectionRepository {
  constructor(
    private readonly models: StoreModels,
    private readonly documents: MongoDocuments,
    private readonly ready: () => Promise<void>,
  ) {}

  async create(collection: CollectionRecord) {
    await this.ready()
    try {
      await this.models.collections.create(toStored(collection))
    }
    catch (error) {
      if (isDuplicateKey(error)) throw duplicateKeyError(error, 'id')
      throw error
    }
  }

  async get(id: string) {
    await this.ready()
    const found = await this.models.collections.findById(id).lean()
    return found ? toRecord<CollectionRecord>(found) : null
  }

  async listByOwner(ownerId: string, { cursor, limit }: PageOptions) {
    const after = olderThan(cursor)
    await this.ready()
    const found = await this.models.collections.find({ ownerId, ...after }).sort(newestFirst).limit(limit + 1).lean()
    return pageOf(found.map(toRecord<CollectionRecord>), limit, collectionCursorKey)
  }

  async listSharedWith(userId: string, { cursor, limit }: PageOptions) {
    const after = olderThan(cursor)
    await this.ready()
    // Two queries joined here: FerretDB has no $lookup.
    const shares = await this.models.collectionShares.find({ userId }, { collectionId: 1, role: 1 }).lean()
    if (shares.length === 0) return { items: [] }
    const roles = new Map(shares.map(share => [share.collectionId, share.role]))
    const found = await this.models.collections.find({ _id: { $in: [...roles.keys()] }, ...after }).sort(newestFirst).limit(limit + 1).lean()
    return pageOf(found.map((stored): SharedCollection => ({ ...toRecord<CollectionRecord>(stored), role: roles.get(stored._id)! })),
      limit, collectionCursorKey)
  }

  async update(id: string, patch: CollectionPatch) {
    const changes = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined))
    await this.ready()
    const updated = Object.keys(changes).length === 0
      ? await this.models.collections.findById(id).lean()
      : await this.models.collections.findOneAndUpdate({ _id: id }, { $set: changes }, { returnDocument: 'after', runValidators: true }).lean()
    return updated ? toRecord<CollectionRecord>(updated) : null
  }

  /**
   * Documents leave the collection first, each through the documents' own guarded write (so a job's
   * progress written at the same time is not lost), then the collection goes, then its shares: a crash
   * between steps leaves at most a collection with fewer documents, or shares of nothing.
   */
  async delete(id: string) {
    await this.ready()
    for (;;) {
      const page = await this.documents.listByCollection(id, { limit: 100 })
      if (page.items.length === 0) break
      await Promise.all(page.items.map(document => this.documents.update(document.id, { collectionId: null })))
    }
    const { deletedCount } = await this.models.collections.deleteOne({ _id: id })
    await this.models.collectionShares.deleteMany({ collectionId: id })
    return deletedCount > 0
  }

  async share(collectionId: string, userId: string, role: CollectionShareRole) {
    await this.ready()
    const { collectionShares } = this.models
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
    await this.ready()
    await this.models.collectionShares.deleteOne({ collectionId, userId })
  }

  async shares(collectionId: string) {
    await this.ready()
    const found = await this.models.collectionShares.find({ collectionId }).sort({ userId: 1 }).lean()
    return found.map(share => ({ userId: share.userId, role: share.role }))
  }

  async roleOf(collectionId: string, userId: string) {
    await this.ready()
    const [collection, share] = await Promise.all([
      this.models.collections.findById(collectionId, { ownerId: 1 }).lean(),
      this.models.collectionShares.findOne({ collectionId, userId }, { role: 1 }).lean(),
    ])
    if (!collection) return null
    return collection.ownerId === userId ? 'owner' : share?.role ?? null
  }
}

// Invitations: shares waiting for their invitee (a repository of its own, kept apart from the shares).

const oldestFirst = { createdAt: 1, _id: 1 } as const

class MongoInvitations implements InvitationRepository {
  constructor(private readonly models: StoreModels, private readonly ready: () => Promise<void>) {}

  async put(invitation: InvitationRecord) {
    await this.ready()
    const { kind, targetId, email, role } = invitation
    for (let attempt = 0; ; attempt++) {
      try {
        await this.models.invitations.create(toStored(invitation))
        return invitation
      }
      catch (error) {
        if (!isDuplicateKey(error)) throw error
      }
      // One is pending for this email already: it keeps its id and takes the new role.
      const updated = await this.models.invitations.findOneAndUpdate({ kind, targetId, email }, { $set: { role } },
        { returnDocument: 'after', runValidators: true }).lean()
      if (updated) return toRecord<InvitationRecord>(updated)
      // Accepted or declined in between: insert again.
      if (attempt >= 3) throw new Error(`invitation ${invitation.id} could not be stored`)
    }
  }

  async get(id: string) {
    await this.ready()
    const found = await this.models.invitations.findById(id).lean()
    return found ? toRecord<InvitationRecord>(found) : null
  }

  async listByEmail(email: string) {
    await this.ready()
    const found = await this.models.invitations.find({ email }).sort(oldestFirst).lean()
    return found.map(toRecord<InvitationRecord>)
  }

  async listByTarget(kind: InvitationKind, targetId: string) {
    await this.ready()
    const found = await this.models.invitations.find({ kind, targetId }).sort(oldestFirst).lean()
    return found.map(toRecord<InvitationRecord>)
  }

  async delete(id: string) {
    await this.ready()
    return (await this.models.invitations.deleteOne({ _id: id })).deletedCount > 0
  }

  async deleteByTarget(kind: InvitationKind, targetId: string) {
    await this.ready()
    return (await this.models.invitations.deleteMany({ kind, targetId })).deletedCount
  }
}

/** Reads for display leave the embedding out: it is large and only search and links use it. */
const withoutEmbedding = { embedding: 0, embeddingVersion: 0 } as const

class MongoAtoms implements AtomRepository {
  constructor(private readonly models: StoreModels, private readonly ready: () => Promise<void>) {}

  async upsertMany(atoms: AtomRecord[]) {
    if (atoms.length === 0) return
    await this.ready()
    // Insert first and replace only the atoms that already exist: on some MongoDB-compatible servers an
    // upsert or an `$in` lookup scans the collection once per atom, while an insert does not, and a job
    // mostly writes new atoms.
    let pending = atoms
    for (let attempt = 0; pending.length > 0; attempt++) {
      const clashed = await this.insertNew(pending)
      if (clashed.length === 0) return
      try {
        await this.models.atoms.bulkWrite(
          clashed.map(atom => ({ replaceOne: { filter: { _id: atom.id }, replacement: toStored(atom), upsert: true } })),
          { ordered: false },
        )
        return
      }
      catch (error) {
        // Two writers of one new id at once: the loser's upsert clashes; run again, it then replaces.
        if (!isDuplicateKey(error) || attempt >= 3) throw error
        pending = clashed
      }
    }
  }

  /** Inserts what it can; returns the atoms whose ids were already taken. */
  private async insertNew(atoms: AtomRecord[]): Promise<AtomRecord[]> {
    const clashed = await insertEach(this.models.atoms.collection, atoms.map(toStored))
    return clashed.map(index => atoms[index]!)
  }

  async get(id: string) {
    await this.ready()
    const found = await this.models.atoms.findById(id, withoutEmbedding).lean()
    return found ? toRecord<Atom>(found) : null
  }

  async getMany(ids: string[]) {
    if (ids.length === 0) return []
    await this.ready()
    const found = await this.models.atoms.find({ _id: { $in: ids } }, withoutEmbedding).lean()
    const byId = new Map(found.map(stored => [stored._id, toRecord<Atom>(stored)]))
    return ids.flatMap(id => byId.get(id) ?? [])
  }

  async embeddings(ids: string[]) {
    if (ids.length === 0) return new Map<string, StoredEmbedding>()
    await this.ready()
    const found = await this.models.atoms.find({ _id: { $in: ids } }, { embedding: 1, embeddingVersion: 1 }).lean() as { _id: string, embedding?: number[], embeddingVersion?: string }[]
    return new Map(found.flatMap(stored => (stored.embedding
      ? [[stored._id, { vector: stored.embedding, ...(stored.embeddingVersion && { version: stored.embeddingVersion }) }] as const]
      : [])))
  }

  async setEmbeddings(updates: EmbeddingUpdate[]) {
    if (updates.length === 0) return 0
    await this.ready()
    const { modifiedCount } = await this.models.atoms.bulkWrite(updates.map(item => ({
      updateOne: {
        filter: { _id: item.id, title: item.title, text: item.text },
        update: { $set: { embedding: item.embedding, embeddingVersion: item.embeddingVersion } },
      },
    })), { ordered: false })
    return modifiedCount
  }

  async withStaleEmbeddings(version: string, { afterId, limit }: { afterId?: string, limit: number }) {
    await this.ready()
    // `$ne` also matches atoms stored without a version (before versions were kept) or without a vector.
    const found = await this.models.atoms.find({ ...(afterId !== undefined && { _id: { $gt: afterId } }), embeddingVersion: { $ne: version } })
      .sort({ _id: 1 }).limit(limit).lean()
    return found.map(toRecord<AtomRecord>)
  }

  async listByDocument(documentId: string, { cursor, limit }: PageOptions) {
    const after = decodeCursor(cursor, atomCursorKey.shape)
    await this.ready()
    const found = await this.models.atoms.find({ documentId, order: { $gt: after ? after[0] as number : -1 } }, withoutEmbedding)
      .sort({ order: 1 }).limit(limit + 1).lean()
    return pageOf(found.map(toRecord<Atom>), limit, atomCursorKey)
  }

  async listByDocuments(pages: { documentId: string, cursor?: string }[], limit: number) {
    // No per-group limit in one query on FerretDB (no $setWindowFields, no $push): the pages are read at once instead.
    return Promise.all(pages.map(({ documentId, cursor }) => this.listByDocument(documentId, { cursor, limit })))
  }

  async deleteByDocument(documentId: string, { except = [] }: { except?: string[] } = {}) {
    await this.ready()
    const { deletedCount } = await this.models.atoms.deleteMany({ documentId, ...(except.length > 0 && { _id: { $nin: except } }) })
    return deletedCount
  }

  async count() {
    await this.ready()
    return this.models.atoms.countDocuments()
  }

  async* scan(batchSize: number) {
    await this.ready()
    // By _id ranges rather than one long cursor: each batch is a short query, safe across a slow consumer.
    let afterId: string | undefined
    for (;;) {
      const batch = await this.models.atoms.find(afterId === undefined ? {} : { _id: { $gt: afterId } })
        .sort({ _id: 1 }).limit(batchSize).lean()
      if (batch.length === 0) return
      afterId = batch.at(-1)!._id
      yield batch.map(toRecord<AtomRecord>)
    }
  }
}

class MongoReviews implements ReviewRepository {
  constructor(private readonly models: StoreModels, private readonly ready: () => Promise<void>) {}

  /** The unique `_id` decides: of concurrent inserts of one review, the server accepts exactly one. */
  async appendMany(logs: ReviewLog[]) {
    if (logs.length === 0) return []
    await this.ready()
    // Absent optional fields stay absent: the driver would store `undefined` as null.
    const stored = logs.map(log => Object.fromEntries(Object.entries(toStored(log)).filter(([, value]) => value !== undefined)))
    const clashed = new Set(await insertEach(this.models.reviews.collection, stored))
    return logs.filter((_, index) => !clashed.has(index)).map(log => log.id)
  }

  async listByUser(userId: string, { cursor, limit }: PageOptions, { since }: { since?: string } = {}) {
    const after = decodeCursor(cursor, reviewCursorKey.shape) as [string, string] | undefined
    await this.ready()
    const found = await this.models.reviews.find({
      userId,
      ...(since !== undefined && { reviewedAt: { $gte: since } }),
      ...(after && { $or: [{ reviewedAt: { $lt: after[0] } }, { reviewedAt: after[0], _id: { $lt: after[1] } }] }),
    }).sort({ reviewedAt: -1, _id: -1 }).limit(limit + 1).lean()
    return pageOf(found.map(toRecord<ReviewLog>), limit, reviewCursorKey)
  }

  async countByUser(userId: string) {
    await this.ready()
    return this.models.reviews.countDocuments({ userId })
  }

  async count() {
    await this.ready()
    return this.models.reviews.countDocuments()
  }

  async* scan(batchSize: number) {
    await this.ready()
    // By _id ranges, as for atoms: each batch is a short query, safe across a slow consumer.
    let afterId: string | undefined
    for (;;) {
      const batch = await this.models.reviews.find(afterId === undefined ? {} : { _id: { $gt: afterId } })
        .sort({ _id: 1 }).limit(batchSize).lean()
      if (batch.length === 0) return
      afterId = batch.at(-1)!._id
      yield batch.map(toRecord<ReviewLog>)
    }
  }
}

function toCardState({ _id, userId: _userId, ...state }: StoredCardState & { __v?: number }): CardState {
  const { __v: _version, ...fields } = state
  return fields
}

class MongoCardStates implements CardStateRepository {
  constructor(private readonly models: StoreModels, private readonly ready: () => Promise<void>) {}

  async getMany(userId: string, cardIds: string[]) {
    if (cardIds.length === 0) return []
    await this.ready()
    const found = await this.models.cardStates.find({ _id: { $in: cardIds.map(cardId => cardStateId(userId, cardId)) } }).lean()
    return found.map(toCardState)
  }

  async upsertMany(userId: string, states: CardState[]) {
    if (states.length === 0) return
    await this.ready()
    const writes = states.map(state => ({
      replaceOne: { filter: { _id: cardStateId(userId, state.cardId) }, replacement: { ...state, userId }, upsert: true },
    }))
    for (let attempt = 0; ; attempt++) {
      try {
        await this.models.cardStates.bulkWrite(writes, { ordered: false })
        return
      }
      catch (error) {
        // Two writers of one new state at once: the loser's upsert clashes; run again, it then replaces.
        if (!isDuplicateKey(error) || attempt >= 3) throw error
      }
    }
  }

  async listByUser(userId: string, { documentIds, dueBefore }: { documentIds?: string[], dueBefore?: string } = {}) {
    await this.ready()
    const found = await this.models.cardStates.find({
      userId,
      ...(documentIds !== undefined && { documentId: { $in: documentIds } }),
      ...(dueBefore !== undefined && { due: { $lte: dueBefore } }),
    }).sort({ due: 1, cardId: 1 }).lean()
    return found.map(toCardState)
  }

  async deleteByDocument(documentId: string) {
    await this.ready()
    const { deletedCount } = await this.models.cardStates.deleteMany({ documentId })
    return deletedCount
  }
}

class MongoTypeLabels implements TypeLabelRepository {
  constructor(private readonly models: StoreModels, private readonly ready: () => Promise<void>) {}

  async append(label: TypeLabel) {
    await this.ready()
    await this.models.typeLabels.collection.insertOne({ _id: `${label.at}|${randomUUID()}`, ...label } as never)
  }

  async* scan(batchSize: number) {
    await this.ready()
    let afterId: string | undefined
    for (;;) {
      const batch = await this.models.typeLabels.find(afterId === undefined ? {} : { _id: { $gt: afterId } })
        .sort({ _id: 1 }).limit(batchSize).lean()
      if (batch.length === 0) return
      afterId = batch.at(-1)!._id
      yield batch.map(({ _id, ...label }) => label as TypeLabel)
    }
  }
}

class MongoKeyTerms implements KeyTermRepository {
  constructor(private readonly models: StoreModels, private readonly ready: () => Promise<void>) {}

  async get(documentId: string) {
    await this.ready()
    const found = await this.models.keyTerms.findById(documentId).lean()
    return found ? (found as StoredKeyTerms).keyTerms : null
  }

  async getMany(documentIds: string[]) {
    if (documentIds.length === 0) return new Map<string, KeyTerm[]>()
    await this.ready()
    const found = await this.models.keyTerms.find({ _id: { $in: documentIds } }).lean()
    return new Map((found as StoredKeyTerms[]).map(entry => [entry._id, entry.keyTerms]))
  }

  async put(documentId: string, keyTerms: KeyTerm[]) {
    await this.ready()
    await this.models.keyTerms.replaceOne({ _id: documentId }, { keyTerms }, { upsert: true })
  }

  async deleteByDocument(documentId: string) {
    await this.ready()
    await this.models.keyTerms.deleteOne({ _id: documentId })
  }
}

class MongoTermLabels implements TermLabelRepository {
  constructor(private readonly models: StoreModels, private readonly ready: () => Promise<void>) {}

  async append(labels: TermLabel[]) {
    if (labels.length === 0) return
    await this.ready()
    const suffix = randomUUID()
    await this.models.termLabels.collection.insertMany(labels.map((label, i) =>
      ({ _id: `${label.at}|${String(i).padStart(4, '0')}|${suffix}`, ...label })) as never[])
  }

  async listByDocument(documentId: string) {
    await this.ready()
    const found = await this.models.termLabels.find({ documentId }).sort({ _id: 1 }).lean()
    return found.map(({ _id, ...label }) => label as TermLabel)
  }

  async* scan(batchSize: number) {
    await this.ready()
    let afterId: string | undefined
    for (;;) {
      const batch = await this.models.termLabels.find(afterId === undefined ? {} : { _id: { $gt: afterId } })
        .sort({ _id: 1 }).limit(batchSize).lean()
      if (batch.length === 0) return
      afterId = batch.at(-1)!._id
      yield batch.map(({ _id, ...label }) => label as TermLabel)
    }
  }
}

class MongoScheduleFits implements ScheduleFitRepository {
  constructor(private readonly models: StoreModels, private readonly ready: () => Promise<void>) {}

  async get(userId: string) {
    await this.ready()
    const found = await this.models.scheduleFits.findById(userId).lean()
    if (!found) return null
    const { _id, ...fit } = found as StoredScheduleFit & { __v?: number }
    return fit as ScheduleFit
  }

  async put(userId: string, fit: ScheduleFit) {
    await this.ready()
    await this.models.scheduleFits.replaceOne({ _id: userId }, fit, { upsert: true })
  }
}

/**
 * MongoDB store (also FerretDB v1: no transactions, $lookup or server-side joins are used). Opens its own
 * connection; indexes are created once, before the first operation.
 */
export function createMongoStore({ uri, dbName }: MongoStoreOptions): DocumentStore {
  const connection = mongoose.createConnection(uri, { ...(dbName !== undefined && { dbName }), autoIndex: false, autoCreate: false })
  const models = storeModels(connection)
  let indexed: Promise<void> | undefined
  let closed: Promise<void> | undefined
  const ready = () => {
    indexed ??= (async () => {
      await connection.asPromise()
      for (const model of Object.values(models)) await model.createIndexes()
    })().catch((error: unknown) => {
      indexed = undefined // let the next call try again
      throw error
    })
    return indexed
  }
  const documents = new MongoDocuments(models, ready)
  return {
    kind: 'mongodb',
    users: new MongoUsers(models, ready),
    documents,
    collections: new MongoCollections(models, documents, ready),
    invitations: new MongoInvitations(models, ready),
    atoms: new MongoAtoms(models, ready),
    reviews: new MongoReviews(models, ready),
    cardStates: new MongoCardStates(models, ready),
    typeLabels: new MongoTypeLabels(models, ready),
    keyTerms: new MongoKeyTerms(models, ready),
    termLabels: new MongoTermLabels(models, ready),
    scheduleFits: new MongoScheduleFits(models, ready),
    async close() {
      closed ??= connection.close()
      await closed
    },
  }
}
