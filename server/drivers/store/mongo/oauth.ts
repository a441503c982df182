import type { OAuthClientRecord, OAuthClientRepository, SigningKeyRecord, SigningKeyRepository } from '../types'
import type { ConnectedModels } from './connection'
import { newestFirst } from './pages'
import { toRecord, toStored } from './records'

// Machine clients (hashes of their secrets) and the keys that sign their access tokens.

export class MongoOAuthClients implements OAuthClientRepository {
  constructor(private readonly connected: ConnectedModels) {}

  async create(client: OAuthClientRecord) {
    const models = await this.connected()
    await models.oauthClients.create(toStored(client))
  }

  async get(id: string) {
    const models = await this.connected()
    const found = await models.oauthClients.findById(id).lean()
    return found ? toRecord<OAuthClientRecord>(found) : null
  }

  async list() {
    const models = await this.connected()
    return (await models.oauthClients.find({}).sort(newestFirst).lean()).map(toRecord<OAuthClientRecord>)
  }

  async revoke(id: string, at: string) {
    const models = await this.connected()
    return (await models.oauthClients.updateOne({ _id: id, revokedAt: null }, { $set: { revokedAt: at } })).modifiedCount > 0
  }
}

export class MongoSigningKeys implements SigningKeyRepository {
  constructor(private readonly connected: ConnectedModels) {}

  async create(key: SigningKeyRecord) {
    const models = await this.connected()
    await models.signingKeys.create(toStored(key))
  }

  async listUsable(now: string) {
    const models = await this.connected()
    const found = await models.signingKeys.find({ $or: [{ expiresAt: null }, { expiresAt: { $gt: now } }] }).sort(newestFirst).lean()
    return found.map(toRecord<SigningKeyRecord>)
  }

  async retireAllBut(keepId: string, at: string, expiresAt: string) {
    const models = await this.connected()
    await models.signingKeys.updateMany({ _id: { $ne: keepId }, retiredAt: null }, { $set: { retiredAt: at, expiresAt } })
  }

  async removeExpired(now: string) {
    const models = await this.connected()
    return (await models.signingKeys.deleteMany({ expiresAt: { $ne: null, $lte: now } })).deletedCount
  }
}
