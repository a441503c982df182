import type { StudyCardList } from '#shared/schemas/study'
import { offlineDatabase } from './db'

type FetchCards = (documentId: string) => Promise<StudyCardList>

/**
 * Takes the server's state of every card kept on this device, so a card reviewed on another device is not
 * offered here as due when the network goes again. Only once no review of this device waits: until the
 * server has those, the device's own states are newer than the server's.
 */
export async function refreshKeptCardStates(fetchCards: FetchCards): Promise<void> {
  const database = offlineDatabase()
  const saved = await database.documents.filter(document => document.saved).primaryKeys()
  for (const documentId of saved) {
    const { items } = await fetchCards(documentId)
    await database.transaction('rw', database.pendingReviews, database.cards, async () => {
      if (await database.pendingReviews.count() > 0) return
      const kept = new Map((await database.cards.where('documentId').equals(documentId).toArray()).map(card => [card.cardId, card]))
      await database.cards.bulkPut(items.flatMap((item) => {
        const card = kept.get(item.cardId)
        return card ? [{ ...card, state: item.state }] : []
      }))
    })
  }
}
