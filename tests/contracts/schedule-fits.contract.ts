import { randomUUID } from 'node:crypto'
import { default_w } from 'ts-fsrs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ScheduleFit } from '../../shared/schemas/schedule'
import type { DocumentStore } from '../../server/drivers/store/types'
import { makeReview } from './store.contract'

export function makeScheduleFit(overrides: Partial<ScheduleFit> = {}): ScheduleFit {
  return {
    parameters: default_w.map((value, i) => value * (1 + i / 100)), fittedAt: '2026-03-02T04:00:00.000Z', reviewCount: 512, items: 300,
    logLoss: 0.3012, rmseBins: 0.041, defaultLogLoss: 0.3255, defaultRmseBins: 0.062, ...overrides,
  }
}

/** What every driver must do for personal schedules: one fit per learner, and each learner's review count. */
export function describeScheduleFitContract(name: string, create: () => Promise<DocumentStore> | DocumentStore) {
  describe(`schedule fits and review counts contract: ${name}`, () => {
    let store: DocumentStore

    beforeEach(async () => {
      store = await create()
    })

    afterEach(async () => {
      await store.close()
    })

    it('has no fit for a learner never fitted', async () => {
      expect(await store.scheduleFits.get(randomUUID())).toBeNull()
    })

    it('keeps one fit per learner, unchanged, and replaces it with the next', async () => {
      const [ada, bo] = [randomUUID(), randomUUID()]
      const first = makeScheduleFit()
      await store.scheduleFits.put(ada, first)
      await store.scheduleFits.put(bo, makeScheduleFit({ reviewCount: 9000 }))
      expect(await store.scheduleFits.get(ada)).toEqual(first)
      const next = makeScheduleFit({ fittedAt: '2026-03-03T04:00:00.000Z', reviewCount: 700, parameters: [...default_w] })
      await store.scheduleFits.put(ada, next)
      expect(await store.scheduleFits.get(ada)).toEqual(next)
      expect((await store.scheduleFits.get(bo))?.reviewCount).toBe(9000)
    })

    it('counts each learner\'s stored reviews', async () => {
      const learner = randomUUID()
      expect(await store.reviews.countByUser(learner)).toBe(0)
      const reviews = Array.from({ length: 5 }, (_, i) => makeReview(learner, i * 60))
      await store.reviews.appendMany(reviews)
      await store.reviews.appendMany([...reviews.slice(0, 2), makeReview('someone-else', 10)])
      expect(await store.reviews.countByUser(learner)).toBe(5)
    })
  })
}
