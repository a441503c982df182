import type mongoose from 'mongoose'
import type { Atom } from '../../../../shared/schemas/atom'
import { atomCursorKey, decodeCursor, pageOf } from '../cursor'
import { inOrderOf } from '../paging'
import type { AtomRecord, AtomRepository, EmbeddingUpdate, PageOptions, StoredEmbedding } from '../types'
import type { ConnectedModels } from './connection'
import { insertEach, isDuplicateKey } from './duplicate-keys'
import { scanById } from './pages'
import { toRecord, toStored } from './records'

/** Reads for display leave the embedding out: it is large and only search and links use it. */
const withoutEmbedding = { embedding: 0, embeddingVersion: 0 } as const

export class MongoAtoms implements AtomRepository {
  constructor(private readonly connected: ConnectedModels) {}

  async upsertMany(atoms: AtomRecord[]) {
    if (atoms.length === 0) return
    const models = await this.connected()
    // Insert first and replace only the atoms that already exist: on some MongoDB-compatible servers an
    // upsert or an `$in` lookup scans the collection once per atom, while an insert does not, and a job
    // mostly writes new atoms.
    let pending = atoms
    for (let attempt = 0; pending.length > 0; attempt++) {
      const clashed = await this.insertNew(models.atoms.collection, pending)
      if (clashed.length === 0) return
      try {
        await models.atoms.bulkWrite(
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
  private async insertNew(collection: mongoose.Collection, atoms: AtomRecord[]): Promise<AtomRecord[]> {
    const clashed = await insertEach(collection, atoms.map(toStored))
    return clashed.map(index => atoms[index]!)
  }

  async get(id: string) {
    const models = await this.connected()
    const found = await models.atoms.findById(id, withoutEmbedding).lean()
    return found ? toRecord<Atom>(found) : null
  }

  async getMany(ids: string[]) {
    if (ids.length === 0) return []
    const models = await this.connected()
    const found = await models.atoms.find({ _id: { $in: ids } }, withoutEmbedding).lean()
    return inOrderOf(ids, found, stored => stored._id).map(toRecord<Atom>)
  }

  async embeddings(ids: string[]) {
    if (ids.length === 0) return new Map<string, StoredEmbedding>()
    const models = await this.connected()
    const found = await models.atoms.find({ _id: { $in: ids } }, { embedding: 1, embeddingVersion: 1 }).lean() as { _id: string, embedding?: number[], embeddingVersion?: string }[]
    return new Map(found.flatMap(stored => (stored.embedding
      ? [[stored._id, { vector: stored.embedding, ...(stored.embeddingVersion && { version: stored.embeddingVersion }) }] as const]
      : [])))
  }

  async setEmbeddings(updates: EmbeddingUpdate[]) {
    if (updates.length === 0) return 0
    const models = await this.connected()
    const { modifiedCount } = await models.atoms.bulkWrite(updates.map(item => ({
      updateOne: {
        filter: { _id: item.id, title: item.title, text: item.text },
        update: { $set: { embedding: item.embedding, embeddingVersion: item.embeddingVersion } },
      },
    })), { ordered: false })
    return modifiedCount
  }

  async withStaleEmbeddings(version: string, { afterId, limit }: { afterId?: string, limit: number }) {
    const models = await this.connected()
    // `$ne` also matches atoms stored without a version (before versions were kept) or without a vector.
    const found = await models.atoms.find({ ...(afterId !== undefined && { _id: { $gt: afterId } }), embeddingVersion: { $ne: version } })
      .sort({ _id: 1 }).limit(limit).lean()
    return found.map(toRecord<AtomRecord>)
  }

  async listByDocument(documentId: string, { cursor, limit }: PageOptions) {
    const after = decodeCursor(cursor, atomCursorKey.shape)
    const models = await this.connected()
    const found = await models.atoms.find({ documentId, order: { $gt: after ? after[0] as number : -1 } }, withoutEmbedding)
      .sort({ order: 1 }).limit(limit + 1).lean()
    return pageOf(found.map(toRecord<Atom>), limit, atomCursorKey)
  }

  async listByDocuments(pages: { documentId: string, cursor?: string }[], limit: number) {
    // No per-group limit in one query on FerretDB (no $setWindowFields, no $push): the pages are read at once instead.
    return Promise.all(pages.map(({ documentId, cursor }) => this.listByDocument(documentId, { cursor, limit })))
  }

  async deleteByDocument(documentId: string, { except = [] }: { except?: string[] } = {}) {
    const models = await this.connected()
    const { deletedCount } = await models.atoms.deleteMany({ documentId, ...(except.length > 0 && { _id: { $nin: except } }) })
    return deletedCount
  }

  async count() {
    const models = await this.connected()
    return models.atoms.countDocuments()
  }

  scan(batchSize: number) {
    return scanById(async () => (await this.connected()).atoms, batchSize, toRecord<AtomRecord>)
  }
}
