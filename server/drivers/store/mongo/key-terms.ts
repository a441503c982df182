import type { KeyTerm } from '../../../../shared/schemas/glossary'
import type { KeyTermRepository } from '../types'
import type { ConnectedModels } from './connection'
import type { StoredKeyTerms } from './models'

export class MongoKeyTerms implements KeyTermRepository {
  constructor(private readonly connected: ConnectedModels) {}

  async get(documentId: string) {
    const models = await this.connected()
    const found = await models.keyTerms.findById(documentId).lean()
    return found ? (found as StoredKeyTerms).keyTerms : null
  }

  async getMany(documentIds: string[]) {
    if (documentIds.length === 0) return new Map<string, KeyTerm[]>()
    const models = await this.connected()
    const found = await models.keyTerms.find({ _id: { $in: documentIds } }).lean()
    return new Map((found as StoredKeyTerms[]).map(entry => [entry._id, entry.keyTerms]))
  }

  async put(documentId: string, keyTerms: KeyTerm[]) {
    const models = await this.connected()
    await models.keyTerms.replaceOne({ _id: documentId }, { keyTerms }, { upsert: true })
  }

  async deleteByDocument(documentId: string) {
    const models = await this.connected()
    await models.keyTerms.deleteOne({ _id: documentId })
  }
}
