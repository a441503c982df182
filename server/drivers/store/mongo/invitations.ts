import type { InvitationKind, InvitationRecord, InvitationRepository } from '../types'
import type { ConnectedModels } from './connection'
import { isDuplicateKey } from './duplicate-keys'
import { oldestFirst } from './pages'
import { toRecord, toStored } from './records'

// Invitations: shares waiting for their invitee (a repository of its own, kept apart from the shares).

export class MongoInvitations implements InvitationRepository {
  constructor(private readonly connected: ConnectedModels) {}

  async put(invitation: InvitationRecord) {
    const models = await this.connected()
    const { kind, targetId, email, role } = invitation
    for (let attempt = 0; ; attempt++) {
      try {
        await models.invitations.create(toStored(invitation))
        return invitation
      }
      catch (error) {
        if (!isDuplicateKey(error)) throw error
      }
      // One is pending for this email already: it keeps its id and takes the new role.
      const updated = await models.invitations.findOneAndUpdate({ kind, targetId, email }, { $set: { role } },
        { returnDocument: 'after', runValidators: true }).lean()
      if (updated) return toRecord<InvitationRecord>(updated)
      // Accepted or declined in between: insert again.
      if (attempt >= 3) throw new Error(`invitation ${invitation.id} could not be stored`)
    }
  }

  async get(id: string) {
    const models = await this.connected()
    const found = await models.invitations.findById(id).lean()
    return found ? toRecord<InvitationRecord>(found) : null
  }

  async listByEmail(email: string) {
    const models = await this.connected()
    const found = await models.invitations.find({ email }).sort(oldestFirst).lean()
    return found.map(toRecord<InvitationRecord>)
  }

  async listByTarget(kind: InvitationKind, targetId: string) {
    const models = await this.connected()
    const found = await models.invitations.find({ kind, targetId }).sort(oldestFirst).lean()
    return found.map(toRecord<InvitationRecord>)
  }

  async delete(id: string) {
    const models = await this.connected()
    return (await models.invitations.deleteOne({ _id: id })).deletedCount > 0
  }

  async deleteByTarget(kind: InvitationKind, targetId: string) {
    const models = await this.connected()
    return (await models.invitations.deleteMany({ kind, targetId })).deletedCount
  }
}
