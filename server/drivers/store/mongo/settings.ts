import type { SettingsRepository } from '../types'
import type { ConnectedModels } from './connection'

/** Run-time settings, one document per key. */
export class MongoSettings implements SettingsRepository {
  constructor(private readonly connected: ConnectedModels) {}

  async get(key: string) {
    const models = await this.connected()
    return (await models.settings.findById(key).lean())?.value
  }

  async put(key: string, value: unknown) {
    const models = await this.connected()
    await models.settings.replaceOne({ _id: key }, { value }, { upsert: true })
  }
}
