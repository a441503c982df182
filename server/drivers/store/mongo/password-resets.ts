import { DuplicateKeyError, type PasswordResetRecord, type PasswordResetRepository } from '../types'
import type { ConnectedModels } from './connection'
import { insertUnique } from './duplicate-keys'
import type { StoredPasswordReset } from './models'

// One-time password reset links, by the hash of their secret, never the secret.

const toReset = ({ _id, ...stored }: StoredPasswordReset): PasswordResetRecord => ({ hash: _id, ...stored })

export class MongoPasswordResets implements PasswordResetRepository {
  constructor(private readonly connected: ConnectedModels) {}

  async create(reset: PasswordResetRecord) {
    const { hash, ...fields } = reset
    const models = await this.connected()
    await models.passwordResets.create({ _id: hash, ...fields })
  }

  async use(hash: string, at: string) {
    const models = await this.connected()
    const found = await models.passwordResets.findOne({ _id: hash, usedAt: null, expiresAt: { $gt: at } }).lean()
    if (!found) return null
    // FerretDB's updates are not compare-and-swap; a unique insert is, so of two uses at once one wins.
    try {
      await insertUnique('use', () => models.passwordResetUses.create({ _id: hash, at }))
    }
    catch (error) {
      if (error instanceof DuplicateKeyError) return null
      throw error
    }
    await models.passwordResets.updateOne({ _id: hash }, { $set: { usedAt: at } })
    return toReset({ ...found, usedAt: at })
  }
}
