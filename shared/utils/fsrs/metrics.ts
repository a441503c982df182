import { FSRSAlgorithm, generatorParameters, type FSRSState, type Grade } from 'ts-fsrs'
import { longTermReviewCount, type FsrsItem, type FsrsReview } from './items'

// How well a parameter vector predicts recall on a set of items, scored as the FSRS benchmark scores it
// (fsrs-rs `evaluate`): log loss, and the RMSE between predicted and observed recall over bins of items.

/** FSRS-6 parameters: 21 numbers. */
export type FsrsParameters = readonly number[]

export interface FsrsMetrics {
  /** Mean binary cross-entropy of the predicted recall against recalled (any rating but Again) or not. */
  logLoss: number
  /** Root of the count-weighted mean squared gap between mean predicted and observed recall per bin. */
  rmseBins: number
  /** How many predictions were scored. */
  count: number
}

/** ts-fsrs's own algorithm with these parameters: the memory model the scheduler uses. */
export function fsrsAlgorithm(parameters: FsrsParameters): FSRSAlgorithm {
  return new FSRSAlgorithm(generatorParameters({ w: [...parameters], enable_fuzz: false }))
}

/** The memory state after a card's answers, as ts-fsrs computes it step by step. */
export function memoryState(algorithm: FSRSAlgorithm, reviews: FsrsReview[]): FSRSState | null {
  let state: FSRSState | null = null
  for (const review of reviews) state = algorithm.next_state(state, review.deltaT, review.rating as Grade)
  return state
}

/** The predicted probability of recall at each item's current answer. */
export function predictRecall(parameters: FsrsParameters, items: FsrsItem[]): number[] {
  const algorithm = fsrsAlgorithm(parameters)
  return items.map(item => algorithm.forgetting_curve(item.current.deltaT, memoryState(algorithm, item.history)!.stability))
}

const recalled = (item: FsrsItem) => item.current.rating > 1 ? 1 : 0

/** fsrs-rs's bin of an item: by days elapsed, by length of its long-term history and by its lapses. */
export function itemBin(item: FsrsItem): string {
  const bucket = (value: number, base: number, scale: number) => Math.round(scale * base ** Math.floor(Math.log(value) / Math.log(base)))
  const deltaBin = bucket(item.current.deltaT, 3.62, 2.48 * 100)
  const lengthBin = bucket(longTermReviewCount(item) + 1, 1.89, 1.99)
  const lapses = item.history.filter(review => review.rating === 1 && review.deltaT > 0).length
  return `${deltaBin}/${lengthBin}/${lapses === 0 ? 0 : bucket(lapses, 1.73, 1.65)}`
}

// Keeps log loss finite where a prediction rounds to 0 or 1.
const epsilon = 1e-7

/** Log loss and RMSE(bins) of predictions for the items (same order). */
export function scorePredictions(items: FsrsItem[], predictions: number[]): FsrsMetrics {
  let loss = 0
  const bins = new Map<string, { predicted: number, observed: number, count: number }>()
  items.forEach((item, i) => {
    const p = Math.min(1 - epsilon, Math.max(epsilon, predictions[i]!))
    const y = recalled(item)
    loss -= y * Math.log(p) + (1 - y) * Math.log(1 - p)
    const key = itemBin(item)
    const bin = bins.get(key) ?? { predicted: 0, observed: 0, count: 0 }
    bin.predicted += p
    bin.observed += y
    bin.count += 1
    bins.set(key, bin)
  })
  let squared = 0
  for (const bin of bins.values()) squared += (bin.predicted / bin.count - bin.observed / bin.count) ** 2 * bin.count
  const count = items.length
  return { logLoss: count ? loss / count : 0, rmseBins: count ? Math.sqrt(squared / count) : 0, count }
}

/** Log loss and RMSE(bins) of a parameter vector on the items. */
export function evaluateParameters(parameters: FsrsParameters, items: FsrsItem[]): FsrsMetrics {
  return scorePredictions(items, predictRecall(parameters, items))
}
