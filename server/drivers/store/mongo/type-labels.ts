import { randomUUID } from 'node:crypto'
import type { TypeLabel } from '../../../../shared/schemas/atom-edit'
import type { TypeLabelRepository } from '../types'
import type { ConnectedModels } from './connection'
import { scanById } from './pages'

export class MongoTypeLabels implements TypeLabelRepository {
  constructor(private readonly connected: ConnectedModels) {}

  async append(label: TypeLabel) {
    const models = await this.connected()
    await models.typeLabels.collection.insertOne({ _id: `${label.at}|${randomUUID()}`, ...label } as never)
  }

  scan(batchSize: number) {
    return scanById(async () => (await this.connected()).typeLabels, batchSize, ({ _id, ...label }) => label as TypeLabel)
  }
}
