import type { CardSchedule, ReviewLog } from '../../../shared/schemas/study'
import { scheduleReview } from '../../../shared/utils/study'

/** What a learner-outcome target needs of a review: who answered which card of which atom, how and when. */
export type OutcomeReview = Pick<ReviewLog, 'userId' | 'cardId' | 'atomId' | 'rating' | 'reviewedAt'>

/** How learners fared with one atom. */
export interface AtomOutcome {
  atomId: string
  /** Mean over the learners' cards of the FSRS difficulty each reached, as (D - 1) / 9: 0 easiest, 1 hardest. */
  outcome: number
  /** (learner, card) pairs with at least one review. */
  learnerCards: number
  reviews: number
}

/** An atom's outcome counts as measured (a target on its own, and a held-out score) from this many learner cards. */
export const minLearnerCards = 3

/** How many learner cards the text prior counts as, where an atom's outcome is blended with it. */
export const priorWeight = 2

/**
 * The FSRS difficulty a learner's card reached, replayed from the grades alone with FSRS's default
 * parameters and no seeding: the target never depends on the model's own past predictions, nor on the
 * parameters a learner happened to have.
 */
function reachedDifficulty(reviews: OutcomeReview[]): number {
  let schedule: CardSchedule | null = null
  for (const review of reviews) schedule = scheduleReview(schedule, review.rating, review.reviewedAt)
  return schedule!.difficulty
}

/** Learner outcomes per atom from review logs (any order, any number of learners and cards). */
export function outcomesByAtom(reviews: Iterable<OutcomeReview>): Map<string, AtomOutcome> {
  const sequences = new Map<string, OutcomeReview[]>()
  for (const review of reviews) {
    const key = `${review.userId}\n${review.cardId}`
    let sequence = sequences.get(key)
    if (!sequence) sequences.set(key, sequence = [])
    sequence.push(review)
  }
  const sums = new Map<string, { total: number, learnerCards: number, reviews: number }>()
  for (const sequence of sequences.values()) {
    sequence.sort((a, b) => a.reviewedAt.localeCompare(b.reviewedAt))
    const atomId = sequence[0]!.atomId
    const entry = sums.get(atomId) ?? { total: 0, learnerCards: 0, reviews: 0 }
    entry.total += (reachedDifficulty(sequence) - 1) / 9
    entry.learnerCards++
    entry.reviews += sequence.length
    sums.set(atomId, entry)
  }
  return new Map([...sums].map(([atomId, { total, learnerCards, reviews }]) => [atomId, { atomId, outcome: total / learnerCards, learnerCards, reviews }]))
}

/** A straight line from the heuristic's score to the outcome scale. */
export interface Calibration {
  intercept: number
  slope: number
}

export const identityCalibration: Calibration = { intercept: 0, slope: 1 }

/**
 * Least squares from the heuristic to the measured outcomes: the heuristic reads text on its own scale,
 * and as a prior it must speak the outcomes' scale. Identity when fewer than three points or no spread.
 */
export function calibrate(pairs: { heuristic: number, outcome: number }[]): Calibration {
  if (pairs.length < 3) return identityCalibration
  const meanX = pairs.reduce((sum, pair) => sum + pair.heuristic, 0) / pairs.length
  const meanY = pairs.reduce((sum, pair) => sum + pair.outcome, 0) / pairs.length
  const sxx = pairs.reduce((sum, pair) => sum + (pair.heuristic - meanX) ** 2, 0)
  if (sxx === 0) return identityCalibration
  const slope = pairs.reduce((sum, pair) => sum + (pair.heuristic - meanX) * (pair.outcome - meanY), 0) / sxx
  return { intercept: meanY - slope * meanX, slope }
}

export const calibrated = (calibration: Calibration, heuristic: number) =>
  Math.min(1, Math.max(0, calibration.intercept + calibration.slope * heuristic))

/**
 * The training target of an atom: its learners' outcome where they reviewed it, pulled towards the text
 * prior in proportion to how little was measured ((n·outcome + k·prior) / (n + k)); the prior alone where
 * nobody did.
 */
export function targetOf(prior: number, outcome?: AtomOutcome): number {
  if (!outcome || outcome.learnerCards === 0) return prior
  return (outcome.learnerCards * outcome.outcome + priorWeight * prior) / (outcome.learnerCards + priorWeight)
}
