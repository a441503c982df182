import { default_w, forgetting_curve, INIT_S_MAX, S_MIN } from 'ts-fsrs'
import { longTermReviewCount, type FsrsItem } from '../../../shared/utils/fsrs/items'

// The reference's first step: each first rating's initial stability fitted alone, on the items whose current
// answer is the card's first on a later day, before the rest of the parameters move.

/** Fewer answers than this after a first rating keep that rating's default initial stability. */
const minimumAnswers = 10

/** The minimum over [lo, hi] of a unimodal function, by golden-section search. */
function goldenMinimum(f: (x: number) => number, lo: number, hi: number, iterations = 60): number {
  const ratio = (Math.sqrt(5) - 1) / 2
  let a = lo
  let b = hi
  for (let i = 0; i < iterations; i++) {
    const c = b - ratio * (b - a)
    const d = a + ratio * (b - a)
    if (f(c) < f(d)) b = d
    else a = c
  }
  return (a + b) / 2
}

/** Log loss of one initial stability on the answers (days elapsed, recalled) with the default decay. */
function initialLoss(stability: number, answers: { deltaT: number, recalled: boolean }[]): number {
  let loss = 0
  for (const { deltaT, recalled } of answers) {
    const r = Math.min(1 - 1e-7, Math.max(1e-7, forgetting_curve(default_w[20]!, deltaT, stability)))
    loss -= recalled ? Math.log(r) : Math.log(1 - r)
  }
  return loss
}

/** The four initial stabilities (Again, Hard, Good, Easy), never decreasing from Again to Easy. */
export function pretrainInitialStability(items: FsrsItem[]): number[] {
  const byRating = new Map<number, { deltaT: number, recalled: boolean }[]>()
  for (const item of items) {
    if (longTermReviewCount(item) !== 1) continue
    const first = item.history[0]!.rating
    const answers = byRating.get(first) ?? []
    answers.push({ deltaT: item.current.deltaT, recalled: item.current.rating > 1 })
    byRating.set(first, answers)
  }
  const fitted = [1, 2, 3, 4].map((rating) => {
    const answers = byRating.get(rating) ?? []
    if (answers.length < minimumAnswers) return default_w[rating - 1]!
    return Math.exp(goldenMinimum(x => initialLoss(Math.exp(x), answers), Math.log(S_MIN), Math.log(INIT_S_MAX)))
  })
  for (let i = 1; i < fitted.length; i++) fitted[i] = Math.max(fitted[i]!, fitted[i - 1]!)
  return fitted
}
