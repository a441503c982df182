import type { ReviewBatchResult, ReviewInput, ReviewRating, StudyCard } from '#shared/schemas/study'
import { seedFirstReview } from '#shared/utils/difficulty-seed'
import { intervalLabel, reviewCard } from '#shared/utils/study'
import { pendingFlag } from '~/utils/pending-reviews'
import { offlineDatabase } from './db'
import { learnerScheduler } from './schedule'

type Post = (url: string, options: { method: 'POST', body: { reviews: ReviewInput[] } }) => Promise<ReviewBatchResult>

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
  const review: ReviewInput = { id: crypto.randomUUID(), cardId: card.cardId, atomId: card.atomId, rating, reviewedAt: reviewedAt.toISOString() }
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

let running: Promise<number> | undefined

/**
 * Sends the queued reviews, oldest first; each leaves the queue only once the server has answered for it
 * (accepted, or known already). Returns how many were sent; a network failure leaves the rest queued.
 */
export function syncReviews(post: Post): Promise<number> {
  running ??= (async () => {
    const database = offlineDatabase()
    let sent = 0
    try {
      for (;;) {
        const batch = await database.pendingReviews.orderBy('reviewedAt').limit(batchLimit).toArray()
        if (batch.length === 0) {
          localStorage.removeItem(pendingFlag)
          return sent
        }
        let result: ReviewBatchResult
        try {
          result = await post('/api/v1/reviews', { method: 'POST', body: { reviews: batch } })
        }
        catch (error) {
          // A card whose atom is gone (edited away, or the document deleted) can never be accepted: drop
          // those reviews, keep the rest, and send again.
          const refused = refusedReviews(error, batch)
          if (refused.length === 0) throw error
          await database.pendingReviews.bulkDelete(refused)
          continue
        }
        await database.transaction('rw', database.pendingReviews, database.cards, async () => {
          await database.pendingReviews.bulkDelete([...result.accepted, ...result.duplicates])
          // The server's states win: they are computed from every device's reviews.
          for (const state of result.states) {
            const card = await database.cards.get(state.cardId)
            if (card) await database.cards.put({ ...card, state })
          }
        })
        sent += batch.length
      }
    }
    finally {
      running = undefined
    }
  })()
  return running
}

/** The ids of the reviews a 422 answer names (`errors[].path` like `reviews.3.cardId`). */
function refusedReviews(error: unknown, batch: ReviewInput[]): string[] {
  const failure = error as { statusCode?: number, data?: { errors?: { path: string }[] } }
  if (failure?.statusCode !== 422) return []
  const indices = (failure.data?.errors ?? []).flatMap(item => /^reviews\.(\d+)/.exec(item.path)?.[1] ?? [])
  return [...new Set(indices.map(Number))].flatMap(index => batch[index]?.id ?? [])
}
