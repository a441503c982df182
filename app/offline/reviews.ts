import type { CardState, ReviewBatchResult, ReviewInput, ReviewRating, StudyCard } from '#shared/schemas/study'
import { seedFirstReview } from '#shared/utils/difficulty-seed'
import { intervalLabel, reviewCard } from '#shared/utils/study'
import { pendingFlag } from '~/utils/pending-reviews'
import { offlineDatabase } from './db'
import { learnerScheduler } from './schedule'
import { refusedReviews } from './refused-reviews'

/** What syncing needs of the server: the reviews endpoint, and one card with my state as the server has it. */
export interface ReviewServer {
  send(reviews: ReviewInput[]): Promise<ReviewBatchResult>
  card(cardId: string): Promise<StudyCard>
}

/** What a sync did: reviews the server has now, and reviews it refused because their card had moved on elsewhere. */
export interface SyncOutcome {
  sent: number
  stale: number
}

/** The server takes at most this many reviews in one request. */
const batchLimit = 500

/**
 * Records a review on this device first: the card's next state comes from the same FSRS code and the same
 * parameters the server uses for this learner, and the review waits in a queue until the server has it. Its id is made here, once, so sending it
 * again after a lost answer cannot count it twice.
 */
/** The state a card would take under each rating now, exactly as `recordReview` would compute it. */
function nextState(card: StudyCard, rating: ReviewRating, reviewedAt: Date) {
  const using = learnerScheduler()
  // Seeded by the atom's difficulty as the server seeds it, so both compute the same state.
  return seedFirstReview(card.state, reviewCard(card, card.state, rating, reviewedAt, using), rating, card.atomDifficulty, using)
}

/** When the card would come back after each rating: what the grade buttons show. */
export function nextIntervals(card: StudyCard, now = new Date()): Record<ReviewRating, string> {
  const after = (rating: ReviewRating) => intervalLabel(Date.parse(nextState(card, rating, now).due) - now.getTime())
  return { 1: after(1), 2: after(2), 3: after(3), 4: after(4) }
}

export async function recordReview(card: StudyCard, rating: ReviewRating, reviewedAt = new Date()): Promise<StudyCard> {
  const review: ReviewInput = {
    id: crypto.randomUUID(), cardId: card.cardId, atomId: card.atomId, rating, reviewedAt: reviewedAt.toISOString(),
    // The state it was graded on: the server refuses it if another device has reviewed the card since.
    previousReviewAt: card.state?.lastReview ?? null,
  }
  const state = nextState(card, rating, reviewedAt)
  const next = { ...card, state }
  const database = offlineDatabase()
  await database.transaction('rw', database.pendingReviews, database.cards, async () => {
    await database.pendingReviews.add(review)
    localStorage.setItem(pendingFlag, '1')
    // Only cards kept for offline study are updated; others are simply studied online.
    const kept = await database.cards.get(card.cardId)
    if (kept) await database.cards.put({ ...kept, state })
  })
  return next
}

export async function pendingReviewCount(): Promise<number> {
  return offlineDatabase().pendingReviews.count()
}

let running: Promise<SyncOutcome> | undefined

/**
 * Sends the queued reviews, oldest first; each leaves the queue only once the server has answered for it
 * (accepted, or known already). A review the server refuses as stale (its card was reviewed on another device
 * after this one saved its copy) is dropped, never counted, and the card takes the server's state. A network
 * failure leaves the rest queued.
 */
export function syncReviews(server: ReviewServer): Promise<SyncOutcome> {
  running ??= (async () => {
    const database = offlineDatabase()
    const outcome: SyncOutcome = { sent: 0, stale: 0 }
    try {
      for (;;) {
        const batch = await database.pendingReviews.orderBy('reviewedAt').limit(batchLimit).toArray()
        if (batch.length === 0) {
          localStorage.removeItem(pendingFlag)
          return outcome
        }
        let result: ReviewBatchResult
        try {
          result = await server.send(batch)
        }
        catch (error) {
          // A card whose atom is gone (edited away, or the document deleted) can never be accepted, nor a
          // review of a state the server has moved past: drop those reviews, keep the rest, and send again.
          const refused = refusedReviews(error, batch)
          if (refused.ids.length === 0) throw error
          if (refused.stale) await takeServerStates(server, batch.filter(review => refused.ids.includes(review.id)))
          await database.pendingReviews.bulkDelete(refused.ids)
          if (refused.stale) outcome.stale += refused.ids.length
          continue
        }
        await database.transaction('rw', database.pendingReviews, database.cards, async () => {
          await database.pendingReviews.bulkDelete([...result.accepted, ...result.duplicates])
          await keepStates(result.states)
        })
        outcome.sent += batch.length
      }
    }
    finally {
      running = undefined
    }
  })()
  return running
}

/** The server's states win: they are computed from every device's reviews. Only cards kept on the device change. */
async function keepStates(states: CardState[]) {
  const database = offlineDatabase()
  for (const state of states) {
    const card = await database.cards.get(state.cardId)
    if (card) await database.cards.put({ ...card, state })
  }
}

/** The cards of refused reviews, as the server has them now; so the device offers them when they are really due. */
async function takeServerStates(server: ReviewServer, refused: ReviewInput[]) {
  const cards = await Promise.all([...new Set(refused.map(review => review.cardId))].map(cardId => server.card(cardId).catch(() => undefined)))
  const database = offlineDatabase()
  await database.transaction('rw', database.cards, async () => {
    for (const card of cards) {
      if (!card) continue
      const kept = await database.cards.get(card.cardId)
      if (kept) await database.cards.put({ ...kept, state: card.state })
    }
  })
}
