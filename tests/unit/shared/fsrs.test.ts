import { default_w } from 'ts-fsrs'
import { describe, expect, it } from 'vitest'
import { cardHistories, dayGap, fsrsItems, longTermReviewCount, type FsrsItem } from '../../../shared/utils/fsrs/items'
import { evaluateParameters, fsrsAlgorithm, itemBin, memoryState, predictRecall, scorePredictions } from '../../../shared/utils/fsrs/metrics'
import { simulateReviews } from '../../../shared/utils/fsrs/simulate'
import { slowLearner } from '../../support/fsrs'

describe('FSRS review histories', () => {
  it('counts whole UTC days between answers, as ts-fsrs counts elapsed days', () => {
    expect(dayGap('2026-03-01T23:59:00.000Z', '2026-03-02T00:01:00.000Z')).toBe(1)
    expect(dayGap('2026-03-01T00:01:00.000Z', '2026-03-01T23:59:00.000Z')).toBe(0)
    expect(dayGap('2026-03-05T10:00:00.000Z', '2026-03-01T10:00:00.000Z')).toBe(0)
  })

  it('gathers each card\'s answers in time order with their day gaps', () => {
    const histories = cardHistories([
      { cardId: 'b', rating: 3, reviewedAt: '2026-03-01T09:00:00.000Z' },
      { cardId: 'a', rating: 1, reviewedAt: '2026-03-03T09:00:00.000Z' },
      { cardId: 'a', rating: 3, reviewedAt: '2026-03-01T09:00:00.000Z' },
      { cardId: 'a', rating: 4, reviewedAt: '2026-03-03T09:10:00.000Z' },
    ])
    expect(histories.map(history => history.map(({ rating, deltaT }) => [rating, deltaT]))).toEqual([[[3, 0]], [[3, 0], [1, 2], [4, 0]]])
  })

  it('scores only answers on a later day than the card\'s previous one, oldest answer first', () => {
    const at = (day: number) => Date.parse('2026-03-01T00:00:00.000Z') + day * 86_400_000
    const items = fsrsItems([
      [{ rating: 3, deltaT: 0, at: at(0) }, { rating: 3, deltaT: 0, at: at(0) }, { rating: 1, deltaT: 4, at: at(4) }, { rating: 3, deltaT: 1, at: at(5) }],
      [{ rating: 2, deltaT: 0, at: at(1) }, { rating: 3, deltaT: 2, at: at(3) }],
    ])
    expect(items.map(item => [item.history.length, item.current.rating, item.current.deltaT])).toEqual([[1, 3, 2], [2, 1, 4], [3, 3, 1]])
    expect(items.map(longTermReviewCount)).toEqual([1, 1, 2])
    expect(fsrsItems([[{ rating: 3, deltaT: 0 }, { rating: 3, deltaT: 1 }, { rating: 3, deltaT: 3 }]], 2)).toHaveLength(1)
  })
})

describe('FSRS metrics', () => {
  const item = (history: [number, number][], current: [number, number]): FsrsItem => ({
    history: history.map(([rating, deltaT]) => ({ rating: rating as 1, deltaT })), current: { rating: current[0] as 1, deltaT: current[1] },
  })

  it('bins items as fsrs-rs does: by days elapsed, long-term history length and lapses', () => {
    expect(itemBin(item([[3, 0]], [3, 1]))).toBe('248/4/0')
    expect(itemBin(item([[3, 0]], [3, 5]))).toBe('898/4/0')
    // Four long-term answers with the current one: length 5; one lapse on a later day (same-day Agains do not count).
    expect(itemBin(item([[1, 0], [1, 0], [3, 2], [1, 6], [3, 3]], [4, 30]))).toBe('3250/7/2')
  })

  it('scores log loss and RMSE over bins from predictions', () => {
    const items = [item([[3, 0]], [3, 1]), item([[3, 0]], [1, 5]), item([[3, 0]], [3, 5])]
    const metrics = scorePredictions(items, [0.9, 0.8, 0.6])
    expect(metrics.count).toBe(3)
    expect(metrics.logLoss).toBeCloseTo(-(Math.log(0.9) + Math.log(0.2) + Math.log(0.6)) / 3, 12)
    // Two bins: [0.9 vs 1] and [mean 0.7 vs mean 0.5, two items].
    expect(metrics.rmseBins).toBeCloseTo(Math.sqrt((0.1 ** 2 + 0.2 ** 2 * 2) / 3), 12)
  })

  it('predicts recall with ts-fsrs\'s own memory model', () => {
    const algorithm = fsrsAlgorithm(slowLearner)
    const history = item([[3, 0], [3, 0], [2, 3], [1, 9]], [3, 2])
    const state = memoryState(algorithm, history.history)!
    expect(predictRecall(slowLearner, [history])).toEqual([algorithm.forgetting_curve(2, state.stability)])
    expect(state.stability).toBeLessThan(memoryState(fsrsAlgorithm(default_w), history.history)!.stability * 2)
  })
})

describe('the simulated learner', () => {
  const options = { parameters: slowLearner, seed: 11, cards: 40, days: 120 }

  it('draws the same review logs from the same seed, and others from another', () => {
    const events = simulateReviews(options)
    expect(simulateReviews(options)).toEqual(events)
    expect(simulateReviews({ ...options, seed: 12 })).not.toEqual(events)
  })

  it('gives every card a history of valid answers in time order, on the app\'s schedule', () => {
    const events = simulateReviews(options)
    expect(new Set(events.map(event => event.cardId)).size).toBe(40)
    expect(events.every(event => [1, 2, 3, 4].includes(event.rating))).toBe(true)
    expect(events.map(event => event.reviewedAt)).toEqual(events.map(event => event.reviewedAt).sort())
    const items = fsrsItems(cardHistories(events))
    expect(items.length).toBeGreaterThan(100)
    // The learner's own parameters predict their answers better than the defaults do.
    expect(evaluateParameters(slowLearner, items).logLoss).toBeLessThan(evaluateParameters(default_w, items).logLoss)
  })
})
