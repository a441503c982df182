import { randomUUID } from 'node:crypto'
import type { TermLabel } from '../../../../shared/schemas/glossary'
import type { TermLabelRepository } from '../types'
import type { ConnectedModels } from './connection'
import { scanById } from './pages'

export class MongoTermLabels implements TermLabelRepository {
  constructor(private readonly connected: ConnectedModels) {}

  async append(labels: TermLabel[]) {
    if (labels.length === 0) return
    const models = await this.connected()
    const suffix = randomUUID()
    await models.termLabels.collection.insertMany(labels.map((label, i) =>
      ({ _id: `${label.at}|${String(i).padStart(4, '0')}|${suffix}`, ...label })) as never[])
  }

  async listByDocument(documentId: string) {
    const models = await this.connected()
    const found = await models.termLabels.find({ documentId }).sort({ _id: 1 }).lean()
    return found.map(({ _id, ...label }) => label as TermLabel)
  }

  scan(batchSize: number) {
    return scanById(async () => (await this.connected()).termLabels, batchSize, ({ _id, ...label }) => label as TermLabel)
  }
}
