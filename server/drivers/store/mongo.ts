import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import mongoose from 'mongoose'
import type { Atom } from '../../../shared/schemas/atom'
import type { TypeLabel } from '../../../shared/schemas/atom-edit'
import type { Role } from '../../../shared/schemas/auth'
import type { DocumentStatus } from '../../../shared/schemas/document'
import { atomCursorKey, decodeCursor, documentCursorKey, pageOf } from './cursor'
import { storeModels, writeClaimId, type StoreModels, type Stored, type StoredUser } from './mongo-models'
import {
  DuplicateKeyError,
  type AtomRepository, type DocumentPatch, type DocumentRecord, type DocumentRepository,
  type DocumentStore, type PageOptions, type TypeLabelRepository, type UserRecord, type UserRepository,
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

function toStored<T extends { id: string }>({ id, ...fields }: T): Stored<T> {
  return { _id: id, ...fields }
}

/** E11000, alone or inside a bulk write's errors. */
function isDuplicateKey(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false
  const { code, writeErrors } = error as { code?: unknown, writeErrors?: { code?: unknown }[] }
  return code === 11000 || (Array.isArray(writeErrors) && writeErrors.some(entry => entry.code === 11000))
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

/** Waits a little, longer after each failed attempt, with jitter so contenders spread out. */
const backOff = (attempt: number) => sleep(2 + Math.random() * 4 * Math.min(attempt + 1, 10))

class MongoUsers implements UserRepository {
  constructor(private readonly models: StoreModels, private readonly ready: () => Promise<void>) {}

  async create(user: UserRecord, { adminIfFirst = false }: { adminIfFirst?: boolean } = {}) {
    await this.ready()
    const { users } = this.models
    // Every insert first tries the first seat (unless it is known taken), so "first" means "no user stored
    // before", whoever created them. A refused insert is retried in the user's own seat: if the email was
    // the clash, that fails too and says so.
    if (!(await users.exists({ seat: 'first' }))) {
      const first = { ...user, role: adminIfFirst ? 'admin' as const : user.role }
      try {
        await users.create({ ...toStored(first), seat: 'first' })
        return first
      }
      catch (error) {
        if (!isDuplicateKey(error)) throw error
      }
    }
    try {
      await users.create({ ...toStored(user), seat: user.id })
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
    return found ? toRecord<DocumentRecord>(found) : null
  }

  async listByOwner(ownerId: string, { cursor, limit }: PageOptions) {
    const after = olderThan(cursor)
    await this.ready()
    const found = await this.models.documents.find({ ownerId, ...after }).sort(newestFirst).limit(limit + 1).lean()
    return pageOf(found.map(toRecord<DocumentRecord>), limit, documentCursorKey)
  }

  async listSharedWith(userId: string, { cursor, limit }: PageOptions) {
    const after = olderThan(cursor)
    await this.ready()
    // Two queries joined here: FerretDB has no $lookup.
    const shares = await this.models.shares.find({ userId }, { documentId: 1 }).lean()
    if (shares.length === 0) return { items: [] }
    const found = await this.models.documents.find({ _id: { $in: shares.map(share => share.documentId) }, ...after })
      .sort(newestFirst).limit(limit + 1).lean()
    return pageOf(found.map(toRecord<DocumentRecord>), limit, documentCursorKey)
  }

  async listByStatus(statuses: DocumentStatus[]) {
    if (statuses.length === 0) return []
    await this.ready()
    const found = await this.models.documents.find({ status: { $in: statuses } }).sort({ createdAt: 1, _id: 1 }).lean()
    return found.map(toRecord<DocumentRecord>)
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
      if (Object.keys(changes).length === 0) return toRecord<DocumentRecord>(current)
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
            if (updated) return toRecord<DocumentRecord>(updated)
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

  async readableIds(userId: string) {
    await this.ready()
    const [owned, shared] = await Promise.all([
      this.models.documents.find({ ownerId: userId }, { _id: 1 }).lean(),
      this.models.shares.find({ userId }, { documentId: 1 }).lean(),
    ])
    return [...new Set([...owned.map(document => document._id), ...shared.map(share => share.documentId)])]
  }
}

class MongoAtoms implements AtomRepository {
  constructor(private readonly models: StoreModels, private readonly ready: () => Promise<void>) {}

  async upsertMany(atoms: Atom[]) {
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
  private async insertNew(atoms: Atom[]): Promise<Atom[]> {
    try {
      await this.models.atoms.collection.insertMany(atoms.map(toStored) as never[], { ordered: false })
      return []
    }
    catch (error) {
      const writeErrors = [(error as { writeErrors?: unknown }).writeErrors ?? []].flat() as { index?: number, code?: number }[]
      if (writeErrors.length === 0 || writeErrors.some(entry => entry.code !== 11000 || entry.index === undefined)) throw error
      return writeErrors.map(entry => atoms[entry.index!]!)
    }
  }

  async get(id: string) {
    await this.ready()
    const found = await this.models.atoms.findById(id).lean()
    return found ? toRecord<Atom>(found) : null
  }

  async getMany(ids: string[]) {
    if (ids.length === 0) return []
    await this.ready()
    const found = await this.models.atoms.find({ _id: { $in: ids } }).lean()
    const byId = new Map(found.map(stored => [stored._id, toRecord<Atom>(stored)]))
    return ids.flatMap(id => byId.get(id) ?? [])
  }

  async listByDocument(documentId: string, { cursor, limit }: PageOptions) {
    const after = decodeCursor(cursor, atomCursorKey.shape)
    await this.ready()
    const found = await this.models.atoms.find({ documentId, order: { $gt: after ? after[0] as number : -1 } })
      .sort({ order: 1 }).limit(limit + 1).lean()
    return pageOf(found.map(toRecord<Atom>), limit, atomCursorKey)
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
      yield batch.map(toRecord<Atom>)
    }
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
  return {
    kind: 'mongodb',
    users: new MongoUsers(models, ready),
    documents: new MongoDocuments(models, ready),
    atoms: new MongoAtoms(models, ready),
    typeLabels: new MongoTypeLabels(models, ready),
    async close() {
      closed ??= connection.close()
      await closed
    },
  }
}
