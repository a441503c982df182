import type { ScheduleFit } from '../../../../shared/schemas/schedule'
import type { ScheduleFitRepository } from '../types'
import type { ConnectedModels } from './connection'
import type { StoredScheduleFit } from './models'

export class MongoScheduleFits implements ScheduleFitRepository {
  constructor(private readonly connected: ConnectedModels) {}

  async get(userId: string) {
    const models = await this.connected()
    const found = await models.scheduleFits.findById(userId).lean()
    if (!found) return null
    const { _id, ...fit } = found as StoredScheduleFit & { __v?: number }
    return fit as ScheduleFit
  }

  async put(userId: string, fit: ScheduleFit) {
    const models = await this.connected()
    await models.scheduleFits.replaceOne({ _id: userId }, fit, { upsert: true })
  }
}
