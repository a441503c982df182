import { randomUUID } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Drivers } from '../../../server/drivers'
import { createMemoryEventBus } from '../../../server/drivers/events/memory'
import { createSqliteStore } from '../../../server/drivers/store/sqlite'
import { recordReviews } from '../../../server/services/study'
import type { CardState, ReviewRating } from '../../../shared/schemas/study'
import { fsrsDifficultyOf } from '../../../shared/utils/difficulty-seed'
import { cardsOfAtom, scheduler } from '../../../shared/utils/study'
import { makeAtom, makeDocument, makeUser } from '../../contracts/store.contract'

let drivers: Drivers

beforeEach(() => {
  drivers = { store: createSqliteStore(':memory:'), events: createMemoryEventBus() } as unknown as Drivers
})

afterEach(async () => {
  await Promise.all([drivers.store.close(), drivers.events.close()])
})

/** A learner's document with an easy and a hard atom, one card each. */
async function setUp() {
  const user = await drivers.store.users.create(makeUser())
  const document = makeDocument(user.id, { status: 'ready', atomCount: 2 })
  await drivers.store.documents.create(document)
  const easy = makeAtom(document.id, 0, { difficulty: 0.2, difficultyLabel: 'easy', prerequisites: [], related: [] })
  const hard = makeAtom(document.id, 1, { difficulty: 0.8, difficultyLabel: 'hard', prerequisites: [], related: [] })
  await drivers.store.atoms.upsertMany([easy, hard])
  return { actor: { id: user.id, role: user.role }, cards: [easy, hard].map(atom => cardsOfAtom(atom)[0]!) }
}

describe('recording reviews seeds a new card from its atom\'s difficulty', () => {
  it('gives the harder atom\'s card a higher FSRS difficulty after the same first grade, and a shorter interval later', async () => {
    const { actor, cards } = await setUp()
    const answer = async (card: (typeof cards)[number], rating: ReviewRating, at: string): Promise<CardState> => {
      const result = await recordReviews(drivers, actor, { reviews: [{ id: randomUUID(), cardId: card.cardId, atomId: card.atomId, rating, reviewedAt: at }] })
      return result.states.find(state => state.cardId === card.cardId)!
    }
    const start = '2026-03-02T09:00:00.000Z'
    const [easyCard, hardCard] = cards
    let easy = await answer(easyCard!, 3, start)
    let hard = await answer(hardCard!, 3, start)
    expect(easy.difficulty).toBeCloseTo(fsrsDifficultyOf(0.2), 6)
    expect(hard.difficulty).toBeCloseTo(fsrsDifficultyOf(0.8), 6)
    expect(hard.difficulty).toBeGreaterThan(scheduler.init_difficulty(3))
    // The same answers, each when due: the harder card's stability grows more slowly once it is in review.
    for (let i = 0; i < 2; i++) {
      easy = await answer(easyCard!, 3, easy.due)
      hard = await answer(hardCard!, 3, hard.due)
    }
    const interval = (state: CardState) => Date.parse(state.due) - Date.parse(state.lastReview!)
    expect(interval(hard)).toBeLessThan(interval(easy))
    // The review log keeps the seeded difficulty of the first answer.
    const { items } = await drivers.store.reviews.listByUser(actor.id, { limit: 10 })
    const firstHard = items.filter(log => log.cardId === hardCard!.cardId).at(-1)!
    expect(firstHard.difficultyAfter).toBeCloseTo(fsrsDifficultyOf(0.8), 6)
  })
})
