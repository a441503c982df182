import type { SsoProviderId } from '../../../../shared/schemas/auth'
import type { IdentityRecord, IdentityRepository } from '../types'
import type { ConnectedModels } from './connection'
import { insertUnique } from './duplicate-keys'
import type { StoredIdentity } from './models'

// Provider accounts (single sign-on) linked to users; the `_id` holds provider and subject, so each is linked once.

const identityId = (provider: SsoProviderId, subject: string) => `${provider}:${subject}`

const toIdentity = ({ _id: _id, ...stored }: StoredIdentity): IdentityRecord => ({ ...stored, provider: stored.provider as SsoProviderId })

export class MongoIdentities implements IdentityRepository {
  constructor(private readonly connected: ConnectedModels) {}

  async create(identity: IdentityRecord) {
    const models = await this.connected()
    await insertUnique('identity', () => models.identities.create({ _id: identityId(identity.provider, identity.subject), ...identity }))
  }

  async find(provider: SsoProviderId, subject: string) {
    const models = await this.connected()
    const found = await models.identities.findById(identityId(provider, subject)).lean()
    return found ? toIdentity(found) : null
  }

  async listByUser(userId: string) {
    const models = await this.connected()
    const found = await models.identities.find({ userId }).sort({ createdAt: 1, provider: 1 }).lean()
    return found.map(toIdentity)
  }

  async remove(userId: string, provider: SsoProviderId) {
    const models = await this.connected()
    return (await models.identities.deleteOne({ userId, provider })).deletedCount > 0
  }
}
