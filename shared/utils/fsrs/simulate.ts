import { createEmptyCard, fsrs, type FSRSState, type Grade } from 'ts-fsrs'
import type { ReviewRating } from '../../schemas/study'
import { seededRandom } from '../random'
import { dayGap, type ReviewEvent } from './items'
import { fsrsAlgorithm, type FsrsParameters } from './metrics'

// A simulated learner whose memory follows FSRS with known parameters, studying cards on the app's schedule:
// review logs to fit and score optimizers on, where the right answer is known.

export interface SimulationOptions {
  /** The learner's true memory parameters. */
  parameters: FsrsParameters
  seed: number
  cards: number
  /** Cards are introduced over the first part of this many days, and studied until its end. */
  days: number
  /** The schedule the learner follows (default: ts-fsrs's default parameters, as the app schedules). */
  scheduleParameters?: FsrsParameters
  start?: string
}

const dayMs = 86_400_000

/** Picks an index from weights that sum to 1. */
function pick(random: () => number, weights: readonly number[]): number {
  let left = random()
  for (let i = 0; i < weights.length; i++) {
    left -= weights[i]!
    if (left < 0) return i
  }
  return weights.length - 1
}

// How learners grade: a first sight of a card, and an answer they did recall.
const firstRatings = [0.2, 0.15, 0.5, 0.15]
const recalledRatings = [0.15, 0.75, 0.1]

/**
 * Review logs of one learner over `days`, in time order. Each answer's recall is drawn from the true
 * forgetting curve (fractions of a day count within a day, as a real learner forgets between steps) and
 * the card comes back when the schedule says, a little late now and then, as people are.
 */
export function simulateReviews(options: SimulationOptions): ReviewEvent[] {
  const random = seededRandom(options.seed)
  const truth = fsrsAlgorithm(options.parameters)
  const scheduler = fsrs({ enable_fuzz: false, ...(options.scheduleParameters && { w: [...options.scheduleParameters] }) })
  const start = Date.parse(options.start ?? '2026-01-01T00:00:00.000Z')
  const end = start + options.days * dayMs
  const events: ReviewEvent[] = []
  for (let c = 0; c < options.cards; c++) {
    const cardId = `card-${c}`
    let at = start + Math.floor(random() * options.days * 0.8) * dayMs + Math.floor((8 + random() * 12) * 3_600_000)
    let card = createEmptyCard(new Date(at))
    let memory: FSRSState | null = null
    let last: string | null = null
    while (at < end) {
      const reviewedAt = new Date(at).toISOString()
      let rating: ReviewRating
      if (memory === null || last === null) {
        rating = (pick(random, firstRatings) + 1) as ReviewRating
      }
      else {
        const elapsed = Math.max(dayGap(last, reviewedAt), (at - Date.parse(last)) / dayMs)
        const recall = truth.forgetting_curve(elapsed, memory.stability)
        rating = random() < recall ? (pick(random, recalledRatings) + 2) as ReviewRating : 1
      }
      memory = truth.next_state(memory, last === null ? 0 : dayGap(last, reviewedAt), rating)
      card = scheduler.next(card, new Date(at), rating as Grade).card
      events.push({ cardId, rating, reviewedAt })
      last = reviewedAt
      const interval = card.due.getTime() - at
      // Reviews a day or more away are often done a little late: up to a fifth of the interval.
      const delay = interval >= dayMs ? Math.floor(random() * random() * interval * 0.2 / dayMs) * dayMs : 0
      at = card.due.getTime() + delay
    }
  }
  return events.sort((a, b) => a.reviewedAt.localeCompare(b.reviewedAt))
}
