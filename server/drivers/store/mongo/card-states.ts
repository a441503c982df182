import type { CardState } from '../../../../shared/schemas/study'
import type { CardStateRepository } from '../types'
import type { ConnectedModels } from './connection'
import { isDuplicateKey } from './duplicate-keys'
import { cardStateId, type StoredCardState } from './models'

function toCardState({ _id, userId: _userId, ...state }: StoredCardState & { __v?: number }): CardState {
  const { __v: _version, ...fields } = state
  return fields
}

export class MongoCardStates implements CardStateRepository {
  constructor(private readonly connected: ConnectedModels) {}

  async getMany(userId: string, cardIds: string[]) {
    if (cardIds.length === 0) return []
    const models = await this.connected()
    const found = await models.cardStates.find({ _id: { $in: cardIds.map(cardId => cardStateId(userId, cardId)) } }).lean()
    return found.map(toCardState)
  }

  async upsertMany(userId: string, states: CardState[]) {
    if (states.length === 0) return
    const models = await this.connected()
    const writes = states.map(state => ({
      replaceOne: { filter: { _id: cardStateId(userId, state.cardId) }, replacement: { ...state, userId }, upsert: true },
    }))
    for (let attempt = 0; ; attempt++) {
      try {
        await models.cardStates.bulkWrite(writes, { ordered: false })
        return
      }
      catch (error) {
        // Two writers of one new state at once: the loser's upsert clashes; run again, it then replaces.
        if (!isDuplicateKey(error) || attempt >= 3) throw error
      }
    }
  }

  async listByUser(userId: string, { documentIds, dueBefore }: { documentIds?: string[], dueBefore?: string } = {}) {
    const models = await this.connected()
    const found = await models.cardStates.find({
      userId,
      ...(documentIds !== undefined && { documentId: { $in: documentIds } }),
      ...(dueBefore !== undefined && { due: { $lte: dueBefore } }),
    }).sort({ due: 1, cardId: 1 }).lean()
    return found.map(toCardState)
  }

  async deleteByDocument(documentId: string) {
    const models = await this.connected()
    const { deletedCount } = await models.cardStates.deleteMany({ documentId })
    return deletedCount
  }
}
