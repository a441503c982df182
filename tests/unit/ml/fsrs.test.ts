import type { Tensor } from '@tensorflow/tfjs'
import { default_w } from 'ts-fsrs'
import { describe, expect, it } from 'vitest'
import { historyBatches, toBatch } from '../../../server/ml/fsrs/batches'
import { clipToBounds, fitFsrs } from '../../../server/ml/fsrs/fit'
import { fsrsForward, fsrsLogLossSum } from '../../../server/ml/fsrs/model'
import { mlRuntime } from '../../../server/ml/runtime'
import type { ReviewRating } from '../../../shared/schemas/study'
import { cardHistories, fsrsItems, type FsrsReview } from '../../../shared/utils/fsrs/items'
import { evaluateParameters, fsrsAlgorithm, memoryState } from '../../../shared/utils/fsrs/metrics'
import { simulateReviews } from '../../../shared/utils/fsrs/simulate'
import { slowLearner } from '../../support/fsrs'

const history = (...answers: [number, number][]): FsrsReview[] => answers.map(([rating, deltaT]) => ({ rating: rating as ReviewRating, deltaT }))

/** Histories that take every branch: same-day steps after each rating, lapses, Hard and Easy, long gaps, uneven lengths. */
const samples = [
  history([3, 0]),
  history([1, 0], [1, 0], [3, 0], [3, 1], [3, 3], [1, 8], [2, 0], [3, 1], [4, 5]),
  history([2, 0], [3, 2], [2, 6], [4, 14], [3, 40], [1, 120], [3, 1]),
  history([4, 0], [4, 9], [4, 30], [3, 100], [3, 365]),
  history([3, 0], [4, 0], [1, 0], [2, 0], [3, 0], [3, 2]),
  history([1, 0], [1, 1], [1, 1], [1, 2], [2, 3]),
]

async function run<T extends Tensor>(tensor: () => T): Promise<number[][]> {
  const { tf } = await mlRuntime()
  const result = tf.tidy(tensor)
  const values = await result.array() as number[][]
  result.dispose()
  return values
}

describe('FSRS-6 in TF.js', () => {
  for (const [name, w] of [['default', default_w], ['a slow learner\'s', slowLearner]] as const) {
    it(`follows ts-fsrs step by step with the ${name} parameters: stability, difficulty and predicted recall`, async () => {
      const { tf } = await mlRuntime()
      const batch = toBatch(samples)
      const forward = (pick: 'stability' | 'difficulty' | 'recall') => () => fsrsForward(tf, tf.tensor1d([...w]), batch)[pick]
      const [stability, difficulty, recall] = [await run(forward('stability')), await run(forward('difficulty')), await run(forward('recall'))]
      const algorithm = fsrsAlgorithm(w)
      samples.forEach((card, c) => card.forEach((review, step) => {
        const expected = memoryState(algorithm, card.slice(0, step + 1))!
        expect(stability[step]![c]).toBeCloseTo(expected.stability, Math.max(1, 5 - Math.ceil(Math.log10(expected.stability + 1))))
        expect(difficulty[step]![c]).toBeCloseTo(expected.difficulty, 4)
        if (step > 0) {
          const before = memoryState(algorithm, card.slice(0, step))!
          expect(recall[step]![c]).toBeCloseTo(algorithm.forgetting_curve(review.deltaT, before.stability), 5)
        }
      }))
    })
  }

  it('sums the same log loss over batches as the shared evaluator over the items', async () => {
    const { tf } = await mlRuntime()
    const histories = cardHistories(simulateReviews({ parameters: slowLearner, seed: 3, cards: 60, days: 200 }))
    const batches = historyBatches(histories, 128)
    const items = fsrsItems(histories)
    expect(batches.reduce((sum, batch) => sum + batch.items, 0)).toBe(items.length)
    let total = 0
    for (const batch of batches) total += (await run(() => fsrsLogLossSum(tf, tf.tensor1d([...slowLearner]), batch).reshape([1, 1])))[0]![0]!
    expect(total / items.length).toBeCloseTo(evaluateParameters(slowLearner, items).logLoss, 4)
  })

  it('fits review logs drawn from known parameters better than the defaults, within ts-fsrs\'s bounds', async () => {
    const histories = cardHistories(simulateReviews({ parameters: slowLearner, seed: 5, cards: 150, days: 300 }))
    const items = fsrsItems(histories)
    const { tf } = await mlRuntime()
    const tensors = tf.memory().numTensors
    const fitted = await fitFsrs(histories, { epochs: 3 })
    expect(tf.memory().numTensors).toBe(tensors)
    expect(fitted.items).toBe(items.length)
    expect(fitted.parameters).toEqual(clipToBounds(fitted.parameters))
    const defaults = evaluateParameters(default_w, items).logLoss
    const mine = evaluateParameters(fitted.parameters, items)
    expect(mine.logLoss).toBeCloseTo(fitted.logLoss, 4)
    expect(mine.logLoss).toBeLessThan(defaults)
    expect(mine.rmseBins).toBeLessThan(evaluateParameters(default_w, items).rmseBins)
  }, 180_000)

  it('leaves the defaults when there is nothing to score', async () => {
    expect(await fitFsrs([history([3, 0], [3, 0])])).toEqual({ parameters: [...default_w], logLoss: 0, items: 0, epochs: 0 })
  })

  it('stops when asked to', async () => {
    const histories = cardHistories(simulateReviews({ parameters: slowLearner, seed: 5, cards: 20, days: 60 }))
    await expect(fitFsrs(histories, { signal: AbortSignal.abort() })).rejects.toThrow()
  })
})
