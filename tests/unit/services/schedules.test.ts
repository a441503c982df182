import { randomUUID } from 'node:crypto'
import { createEmptyCard, fsrs, Rating } from 'ts-fsrs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Drivers } from '../../../server/drivers'
import { createMemoryEventBus } from '../../../server/drivers/events/memory'
import { createMemoryQueue } from '../../../server/drivers/queue/memory'
import { createSqliteStore } from '../../../server/drivers/store/sqlite'
import { createFitLearnerScheduleHandler } from '../../../server/jobs/fit-schedules'
import { fitLearnerSchedule, minReviewsForFit, mySchedule, queueDueFits, queueFitIfDue, reviewsBetweenFits, schedulerFor } from '../../../server/services/schedules'
import { recordReviews } from '../../../server/services/study'
import type { ReviewLog } from '../../../shared/schemas/study'
import type { ReviewEvent } from '../../../shared/utils/fsrs/items'
import { simulateReviews } from '../../../shared/utils/fsrs/simulate'
import { cardsOfAtom, scheduler as defaultScheduler } from '../../../shared/utils/study'
import { slowLearner } from '../../support/fsrs'
import { makeAtom, makeDocument, makeReview, makeUser } from '../../contracts/store.contract'

let drivers: Drivers

beforeEach(() => {
  drivers = { store: createSqliteStore(':memory:'), queue: createMemoryQueue({ attempts: 1 }), events: createMemoryEventBus() } as unknown as Drivers
})

afterEach(async () => {
  await Promise.all([drivers.store.close(), drivers.queue.close(), drivers.events.close()])
})

/** Stores simulated review logs as the learner's own. */
async function storeHistory(userId: string, events: ReviewEvent[]) {
  const logs: ReviewLog[] = events.map(event => makeReview(userId, 0, { cardId: event.cardId, rating: event.rating, reviewedAt: event.reviewedAt }))
  await drivers.store.reviews.appendMany(logs)
}

const learnerHistory = (cards: number) => simulateReviews({ parameters: slowLearner, seed: 21, cards, days: 300, start: '2025-01-01T00:00:00.000Z' })

describe('personal schedules', () => {
  it('fits nobody with fewer reviews than needed, and queues no fit for them', async () => {
    const learner = await drivers.store.users.create(makeUser())
    await storeHistory(learner.id, learnerHistory(200).slice(0, minReviewsForFit - 1))
    expect(await fitLearnerSchedule(drivers, learner.id)).toBeNull()
    expect(await queueFitIfDue(drivers, learner.id)).toBe(false)
    expect(await mySchedule(drivers, { id: learner.id, role: 'learner' })).toEqual({
      personal: false, minReviews: minReviewsForFit, reviewCount: minReviewsForFit - 1, fit: null,
    })
  })

  it('fits a learner\'s parameters in the job, stores them with their scores, and schedules their next reviews with them', async () => {
    const learner = await drivers.store.users.create(makeUser({ role: 'learner' }))
    const events = learnerHistory(150)
    expect(events.length).toBeGreaterThanOrEqual(minReviewsForFit)
    await storeHistory(learner.id, events)
    expect(await queueDueFits(drivers)).toBe(1)
    expect((await drivers.queue.stats()).waiting).toBe(1)

    const controller = new AbortController()
    await createFitLearnerScheduleHandler(drivers)({ userId: learner.id }, { jobId: 'fit', attempt: 1, maxAttempts: 1, signal: controller.signal, progress: async () => {} })
    const fit = (await drivers.store.scheduleFits.get(learner.id))!
    expect(fit).toMatchObject({ reviewCount: events.length, parameters: expect.any(Array) })
    expect(fit.logLoss).toBeLessThan(fit.defaultLogLoss)
    expect(await mySchedule(drivers, { id: learner.id, role: 'learner' })).toEqual({ personal: true, minReviews: minReviewsForFit, reviewCount: events.length, fit })
    // Fitted now: no new fit until enough new reviews arrive.
    expect(await queueFitIfDue(drivers, learner.id)).toBe(false)
    expect(await fitLearnerSchedule(drivers, learner.id)).toBeNull()
    expect((await schedulerFor(drivers, learner.id)).parameters.w).toEqual(fit.parameters)

    // The learner's next review of a real card is scheduled with their parameters, not the defaults.
    const owner = await drivers.store.users.create(makeUser())
    const document = makeDocument(owner.id, { status: 'ready' })
    await drivers.store.documents.create(document)
    await drivers.store.documents.share(document.id, learner.id)
    const atom = makeAtom(document.id, 0)
    await drivers.store.atoms.upsertMany([atom])
    const card = cardsOfAtom(atom)[0]!
    const reviewedAt = new Date().toISOString()
    const result = await recordReviews(drivers, { id: learner.id, role: 'learner' }, {
      reviews: [{ id: randomUUID(), cardId: card.cardId, atomId: atom.id, rating: 3, reviewedAt }],
    })
    const firstGood = (using: typeof defaultScheduler) => using.next(createEmptyCard(reviewedAt), reviewedAt, Rating.Good).card.stability
    expect(result.states[0]!.stability).toBeCloseTo(firstGood(fsrs({ w: fit.parameters, enable_fuzz: false })), 8)
    expect(result.states[0]!.stability).not.toBeCloseTo(firstGood(defaultScheduler), 3)
  }, 180_000)

  it('keeps the defaults for a learner whose fit predicts worse than them', async () => {
    const learner = randomUUID()
    await drivers.store.scheduleFits.put(learner, {
      parameters: [...slowLearner], fittedAt: new Date().toISOString(), reviewCount: 500, items: 300, logLoss: 0.4, rmseBins: 0.1, defaultLogLoss: 0.35, defaultRmseBins: 0.05,
    })
    expect(await schedulerFor(drivers, learner)).toBe(defaultScheduler)
    expect((await mySchedule(drivers, { id: learner, role: 'learner' })).personal).toBe(false)
  })

  it('queues a new fit once enough reviews arrived since the last one', async () => {
    const learner = randomUUID()
    await drivers.store.scheduleFits.put(learner, {
      parameters: [...slowLearner], fittedAt: new Date().toISOString(), reviewCount: 0, items: 0, logLoss: 0.3, rmseBins: 0.1, defaultLogLoss: 0.35, defaultRmseBins: 0.05,
    })
    await storeHistory(learner, learnerHistory(150).slice(0, minReviewsForFit + reviewsBetweenFits))
    expect(await queueFitIfDue(drivers, learner)).toBe(true)
    expect(await queueFitIfDue(drivers, learner)).toBe(true)
    // One job per learner while it waits.
    expect((await drivers.queue.stats()).waiting).toBe(1)
  })
})
