import { maxItemLength, type FsrsReview } from '../../../shared/utils/fsrs/items'

/**
 * Cards' histories as padded tensors' data, time-major ([steps, cards]): each card's answers in order, then
 * rating 0 (no answer: the state stays) up to the batch's longest card.
 */
export interface HistoryBatch {
  steps: number
  cards: number
  ratings: Float32Array
  deltas: Float32Array
  /** 1 where the answer at that step is scored (a later day than the previous one, within fsrs-rs's length limit). */
  scored: Float32Array
  /** How many answers are scored. */
  items: number
}

/** Only the first `maxItemLength` answers of a card can be scored, so later ones are dropped. */
const trimmed = (history: FsrsReview[]) => history.slice(0, maxItemLength)

const scoredAt = (history: FsrsReview[], step: number) => step > 0 && step < history.length && history[step]!.deltaT > 0

/** The number of scored answers in a card's history. */
export function scoredCount(history: FsrsReview[]): number {
  return trimmed(history).filter((_, step) => scoredAt(history, step)).length
}

/** Pads the histories into one batch. */
export function toBatch(histories: FsrsReview[][]): HistoryBatch {
  const cards = histories.length
  const steps = Math.max(1, ...histories.map(history => trimmed(history).length))
  const ratings = new Float32Array(steps * cards)
  const deltas = new Float32Array(steps * cards)
  const scored = new Float32Array(steps * cards)
  let items = 0
  histories.forEach((history, card) => {
    trimmed(history).forEach((review, step) => {
      ratings[step * cards + card] = review.rating
      deltas[step * cards + card] = review.deltaT
      if (scoredAt(history, step)) {
        scored[step * cards + card] = 1
        items++
      }
    })
  })
  return { steps, cards, ratings, deltas, scored, items }
}

/**
 * Cards with something to score, grouped into batches of about `itemsPerBatch` scored answers; cards of
 * similar length go together so little of a batch is padding.
 */
export function historyBatches(histories: FsrsReview[][], itemsPerBatch: number): HistoryBatch[] {
  const useful = histories.filter(history => scoredCount(history) > 0).sort((a, b) => a.length - b.length)
  const batches: HistoryBatch[] = []
  let group: FsrsReview[][] = []
  let count = 0
  for (const history of useful) {
    group.push(history)
    count += scoredCount(history)
    if (count >= itemsPerBatch) {
      batches.push(toBatch(group))
      group = []
      count = 0
    }
  }
  if (group.length > 0) batches.push(toBatch(group))
  return batches
}
