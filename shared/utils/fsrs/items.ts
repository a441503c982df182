import type { ReviewRating } from '../../schemas/study'

// Review histories in the form the FSRS optimizers read: per card, each answer with the whole days since the
// card's previous answer. Pure and browser-safe.

/** One answer in a card's history: its rating and the whole UTC days since the previous answer (0 for the first). */
export interface FsrsReview {
  rating: ReviewRating
  deltaT: number
  /** When it was given (ms since the epoch), where known: items are listed in this order. */
  at?: number
}

/** What a review log needs to take part in a history. */
export interface ReviewEvent {
  cardId: string
  rating: ReviewRating
  reviewedAt: string
}

const dayMs = 86_400_000

/** Whole UTC calendar days from one time to a later one, as ts-fsrs counts a card's elapsed days. */
export function dayGap(from: string, to: string): number {
  const day = (time: string) => Math.floor(Date.parse(time) / dayMs)
  return Math.max(0, day(to) - day(from))
}

/**
 * Each card's answers in time order with their day gaps. Answers that arrive out of order (an offline device
 * syncing late) count at the card's latest answer, as the scheduler counts them: a gap of 0.
 */
export function cardHistories(events: Iterable<ReviewEvent>): FsrsReview[][] {
  const byCard = new Map<string, ReviewEvent[]>()
  for (const event of events) {
    const list = byCard.get(event.cardId)
    if (list) list.push(event)
    else byCard.set(event.cardId, [event])
  }
  return [...byCard.values()].map((list) => {
    list.sort((a, b) => a.reviewedAt.localeCompare(b.reviewedAt))
    return list.map((event, i): FsrsReview => ({
      rating: event.rating, deltaT: i === 0 ? 0 : dayGap(list[i - 1]!.reviewedAt, event.reviewedAt), at: Date.parse(event.reviewedAt),
    }))
  })
}

/**
 * One prediction to score: the answers before it and the answer itself. As in fsrs-rs, only answers given on
 * a later day than the previous one are predicted; same-day answers shape the memory state but are not scored.
 */
export interface FsrsItem {
  history: FsrsReview[]
  current: FsrsReview
}

/** The longest item fsrs-rs trains on (its `max_seq_len`): longer ones are left out of fitting. */
export const maxItemLength = 64

/**
 * Every scored item of the histories, with at most `maxLength` answers (history and current together), in
 * the order they were answered where times are known (fsrs-rs weighs items by that order).
 */
export function fsrsItems(histories: FsrsReview[][], maxLength = Number.POSITIVE_INFINITY): FsrsItem[] {
  const items = histories.flatMap(reviews => reviews.flatMap((current, i): FsrsItem[] =>
    i > 0 && current.deltaT > 0 && i + 1 <= maxLength ? [{ history: reviews.slice(0, i), current }] : []))
  return items.sort((a, b) => (a.current.at ?? 0) - (b.current.at ?? 0))
}

/** How many answers on a day after the previous one the item holds (fsrs-rs's `long_term_review_cnt`). */
export function longTermReviewCount(item: FsrsItem): number {
  return item.history.filter(review => review.deltaT > 0).length + (item.current.deltaT > 0 ? 1 : 0)
}
