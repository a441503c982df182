import type { PasskeyRecord, SecondFactorRepository, TotpFactorRecord } from '../types'
import type { ConnectedModels } from './connection'
import { insertUnique, isDuplicateKey } from './duplicate-keys'
import type { StoredTotpFactor } from './models'
import { oldestFirst } from './pages'
import { toRecord, toStored } from './records'

// Second factors: sealed TOTP secrets, hashes of recovery codes, passkeys' public keys.

/** Claims of steps this far behind the last one can no longer matter (the last step is checked first). */
const keptClaimSteps = 10

const toTotp = ({ _id, ...fields }: StoredTotpFactor): TotpFactorRecord => ({ userId: _id, ...fields })

export class MongoSecondFactors implements SecondFactorRepository {
  constructor(private readonly connected: ConnectedModels) {}

  async putTotp({ userId, ...fields }: TotpFactorRecord) {
    const models = await this.connected()
    await models.totpStepClaims.deleteMany({ userId })
    await models.totpFactors.replaceOne({ _id: userId }, fields, { upsert: true })
  }

  async getTotp(userId: string) {
    const models = await this.connected()
    const found = await models.totpFactors.findById(userId).lean()
    return found ? toTotp(found) : null
  }

  async confirmTotp(userId: string, at: string) {
    const models = await this.connected()
    await models.totpFactors.updateOne({ _id: userId, confirmedAt: null }, { $set: { confirmedAt: at } })
  }

  async useTotpStep(userId: string, step: number, at: string) {
    const models = await this.connected()
    const factor = await models.totpFactors.findById(userId).lean()
    if (!factor || (factor.lastStep !== null && factor.lastStep >= step)) return false
    try {
      await models.totpStepClaims.create({ _id: `${userId}:${step}`, userId, step })
    }
    catch (error) {
      if (isDuplicateKey(error)) return false
      throw error
    }
    await models.totpFactors.updateOne({ _id: userId, $or: [{ lastStep: null }, { lastStep: { $lt: step } }] }, { $set: { lastStep: step, lastUsedAt: at } })
    await models.totpStepClaims.deleteMany({ userId, step: { $lt: step - keptClaimSteps } })
    return true
  }

  async removeTotp(userId: string) {
    const models = await this.connected()
    await models.totpStepClaims.deleteMany({ userId })
    return (await models.totpFactors.deleteOne({ _id: userId })).deletedCount > 0
  }

  async replaceRecoveryCodes(userId: string, hashes: string[]) {
    const models = await this.connected()
    await models.recoveryCodes.deleteMany({ userId })
    await models.recoveryCodes.insertMany(hashes.map(hash => ({ _id: hash, userId })))
  }

  async listRecoveryCodes(userId: string) {
    const models = await this.connected()
    return (await models.recoveryCodes.find({ userId }).lean()).map(code => code._id)
  }

  async useRecoveryCode(userId: string, hash: string) {
    const models = await this.connected()
    // Deleting by `_id` is the claim: of two requests with the same code, one deletes it.
    return (await models.recoveryCodes.deleteOne({ _id: hash, userId })).deletedCount > 0
  }

  async countRecoveryCodes(userId: string) {
    const models = await this.connected()
    return models.recoveryCodes.countDocuments({ userId })
  }

  async removeRecoveryCodes(userId: string) {
    const models = await this.connected()
    await models.recoveryCodes.deleteMany({ userId })
  }

  async addPasskey(passkey: PasskeyRecord) {
    const models = await this.connected()
    await insertUnique('id', () => models.passkeys.create(toStored(passkey)))
  }

  async getPasskey(id: string) {
    const models = await this.connected()
    const found = await models.passkeys.findById(id).lean()
    return found ? toRecord<PasskeyRecord>(found) : null
  }

  async listPasskeys(userId: string) {
    const models = await this.connected()
    const found = await models.passkeys.find({ userId }).sort(oldestFirst).lean()
    return found.map(toRecord<PasskeyRecord>)
  }

  async usePasskey(id: string, counter: number, at: string) {
    const models = await this.connected()
    await models.passkeys.updateOne({ _id: id }, { $set: { counter, lastUsedAt: at } })
  }

  async removePasskey(userId: string, id: string) {
    const models = await this.connected()
    return (await models.passkeys.deleteOne({ _id: id, userId })).deletedCount > 0
  }
}
