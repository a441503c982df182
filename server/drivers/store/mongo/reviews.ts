import type { ReviewLog } from '../../../../shared/schemas/study'
import { decodeCursor, pageOf, reviewCursorKey } from '../cursor'
import type { PageOptions, ReviewRepository } from '../types'
import type { ConnectedModels } from './connection'
import { insertEach } from './duplicate-keys'
import { scanById } from './pages'
import { toRecord, toStored } from './records'

export class MongoReviews implements ReviewRepository {
  constructor(private readonly connected: ConnectedModels) {}

  /** The unique `_id` decides: of concurrent inserts of one review, the server accepts exactly one. */
  async appendMany(logs: ReviewLog[]) {
    if (logs.length === 0) return []
    const models = await this.connected()
    // Absent optional fields stay absent: the driver would store `undefined` as null.
    const stored = logs.map(log => Object.fromEntries(Object.entries(toStored(log)).filter(([, value]) => value !== undefined)))
    const clashed = new Set(await insertEach(models.reviews.collection, stored))
    return logs.filter((_, index) => !clashed.has(index)).map(log => log.id)
  }

  async storedIds(userId: string, ids: string[]) {
    if (ids.length === 0) return []
    const models = await this.connected()
    const found = await models.reviews.find({ userId, _id: { $in: ids } }, { _id: 1 }).lean()
    return found.map(review => String(review._id))
  }

  async listByUser(userId: string, { cursor, limit }: PageOptions, { since }: { since?: string } = {}) {
    const after = decodeCursor(cursor, reviewCursorKey.shape) as [string, string] | undefined
    const models = await this.connected()
    const found = await models.reviews.find({
      userId,
      ...(since !== undefined && { reviewedAt: { $gte: since } }),
      ...(after && { $or: [{ reviewedAt: { $lt: after[0] } }, { reviewedAt: after[0], _id: { $lt: after[1] } }] }),
    }).sort({ reviewedAt: -1, _id: -1 }).limit(limit + 1).lean()
    return pageOf(found.map(toRecord<ReviewLog>), limit, reviewCursorKey)
  }

  async countByUser(userId: string) {
    const models = await this.connected()
    return models.reviews.countDocuments({ userId })
  }

  async count() {
    const models = await this.connected()
    return models.reviews.countDocuments()
  }

  scan(batchSize: number) {
    return scanById(async () => (await this.connected()).reviews, batchSize, toRecord<ReviewLog>)
  }
}
