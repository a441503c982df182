import type { Role } from '../../../../shared/schemas/auth'
import { pageOf, userCursorKey } from '../cursor'
import type { UserListOptions, UserRecord, UserRepository } from '../types'
import type { ConnectedModels } from './connection'
import { insertUnique } from './duplicate-keys'
import type { StoredUser } from './models'
import { createdAfter, newestFirst } from './pages'
import { toRecord, toStored } from './records'

/** The user without its seat (read back rather than projected away: FerretDB's findAndModify takes no projection). */
function toUser({ seat: _seat, ...stored }: StoredUser): UserRecord {
  // Accounts stored before accounts could be disabled have no `disabledAt`.
  return { ...toRecord<UserRecord>(stored), disabledAt: stored.disabledAt ?? null }
}

/** Escapes a user's text for use inside a regular expression. */
const literally = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

export class MongoUsers implements UserRepository {
  constructor(private readonly connected: ConnectedModels) {}

  async create(user: UserRecord) {
    const models = await this.connected()
    await insertUnique('email', () => models.users.create({ ...toStored(user), seat: user.id }))
    return user
  }

  async findById(id: string) {
    const models = await this.connected()
    const found = await models.users.findById(id).lean()
    return found ? toUser(found) : null
  }

  async findByEmail(email: string) {
    const models = await this.connected()
    const found = await models.users.findOne({ email }).lean()
    return found ? toUser(found) : null
  }

  async setRole(id: string, role: Role) {
    const models = await this.connected()
    const updated = await models.users.findOneAndUpdate({ _id: id }, { $set: { role } }, { returnDocument: 'after', runValidators: true }).lean()
    return updated ? toUser(updated) : null
  }

  async setDisabled(id: string, at: string | null) {
    const models = await this.connected()
    const updated = await models.users.findOneAndUpdate({ _id: id }, { $set: { disabledAt: at } }, { returnDocument: 'after' }).lean()
    return updated ? toUser(updated) : null
  }

  async setPasswordHash(id: string, passwordHash: string) {
    const models = await this.connected()
    await models.users.updateOne({ _id: id }, { $set: { passwordHash } })
  }

  async count() {
    const models = await this.connected()
    return models.users.countDocuments()
  }

  async list({ cursor, limit, query, role }: UserListOptions) {
    const after = createdAfter(cursor)
    const matching = query && { $or: ['email', 'name'].map(field => ({ [field]: { $regex: literally(query), $options: 'i' } })) }
    const models = await this.connected()
    const found = await models.users.find({ $and: [after, matching || {}, role ? { role } : {}] }).sort(newestFirst).limit(limit + 1).lean()
    return pageOf(found.map(toUser), limit, userCursorKey)
  }
}
