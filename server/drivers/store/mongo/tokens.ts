import type { AccessTokenRecord, AccessTokenRepository } from '../types'
import type { ConnectedModels } from './connection'
import { insertUnique } from './duplicate-keys'
import { newestFirst } from './pages'
import { toRecord, toStored } from './records'

// Personal access tokens: hashes of their secrets, never the secrets.

export class MongoTokens implements AccessTokenRepository {
  constructor(private readonly connected: ConnectedModels) {}

  async create(token: AccessTokenRecord) {
    const models = await this.connected()
    // The unique (family, generation) index is the claim that lets only one rotation of a token succeed.
    await insertUnique('generation', () => models.accessTokens.create(toStored(token)))
  }

  async get(id: string) {
    const models = await this.connected()
    const found = await models.accessTokens.findById(id).lean()
    return found ? toRecord<AccessTokenRecord>(found) : null
  }

  async findByHash(hash: string) {
    const models = await this.connected()
    const found = await models.accessTokens.findOne({ hash }).lean()
    return found ? toRecord<AccessTokenRecord>(found) : null
  }

  async listCurrent(userId: string) {
    const models = await this.connected()
    const found = await models.accessTokens.find({ userId, rotatedAt: null, revokedAt: null }).sort(newestFirst).lean()
    return found.map(toRecord<AccessTokenRecord>)
  }

  async touch(id: string, at: string, notBefore: string) {
    const models = await this.connected()
    await models.accessTokens.updateOne({ _id: id, $or: [{ lastUsedAt: null }, { lastUsedAt: { $lt: notBefore } }] }, { $set: { lastUsedAt: at } })
  }

  async markRotated(id: string, at: string) {
    const models = await this.connected()
    await models.accessTokens.updateOne({ _id: id, rotatedAt: null }, { $set: { rotatedAt: at } })
  }

  async revoke(id: string, at: string) {
    const models = await this.connected()
    return (await models.accessTokens.updateOne({ _id: id, revokedAt: null }, { $set: { revokedAt: at } })).modifiedCount > 0
  }

  async revokeFamily(familyId: string, at: string) {
    const models = await this.connected()
    return (await models.accessTokens.updateMany({ familyId, revokedAt: null }, { $set: { revokedAt: at } })).modifiedCount
  }
}
