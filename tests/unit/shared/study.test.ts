import { createEmptyCard, fsrs, Rating, type Card as FsrsCard, type Grade } from 'ts-fsrs'
import { describe, expect, it } from 'vitest'
import type { Atom } from '../../../shared/schemas/atom'
import { cardStateSchema, reviewBatchSchema, type ReviewRating } from '../../../shared/schemas/study'
import {
  cardId, cardsOfAtom, cyrb53, fromFsrsCard, isDue, isMastered, newSchedule, reviewCard, scheduleReview, toFsrsCard, utcDay,
} from '../../../shared/utils/study'

const start = new Date('2026-03-01T08:00:00.000Z')
const days = (n: number) => new Date(start.getTime() + n * 86_400_000)

const atom: Pick<Atom, 'id' | 'documentId' | 'title' | 'cards'> = {
  id: 'atom-1', documentId: 'doc-1', title: 'Photosynthesis',
  cards: [
    { type: 'definition', front: 'photosynthesis', back: 'making sugar from light' },
    { type: 'cloze', front: 'Plants use [...] to make sugar.', back: 'light' },
    { type: 'definition', front: 'photosynthesis', back: 'a repeated card' },
  ],
}

describe('card ids', () => {
  it('are stable, prefixed by the atom id, and depend on the atom, the type and the front only', () => {
    const id = cardId('atom-1', atom.cards[0]!)
    expect(id).toMatch(/^atom-1-[0-9a-z]+$/)
    expect(cardId('atom-1', { type: 'definition', front: 'photosynthesis' })).toBe(id)
    const edited = { ...atom.cards[0]!, back: 'changed answer' }
    expect(cardId('atom-1', edited)).toBe(id)
    expect(cardId('atom-2', atom.cards[0]!)).not.toBe(id)
    expect(cardId('atom-1', { type: 'qa', front: 'photosynthesis' })).not.toBe(id)
    expect(cardId('atom-1', { type: 'definition', front: 'Photosynthesis' })).not.toBe(id)
    // A known value: ids must never change between releases, or learners lose their progress.
    expect(cyrb53('a')).toBe(7929297801672961)
  })

  it('lists an atom\'s cards with ids, without state, each card once', () => {
    const cards = cardsOfAtom(atom)
    expect(cards).toHaveLength(2)
    expect(cards[0]).toEqual({ cardId: cardId('atom-1', atom.cards[0]!), atomId: 'atom-1', documentId: 'doc-1',
      atomTitle: 'Photosynthesis', card: atom.cards[0], state: null })
    expect(new Set(cards.map(card => card.cardId)).size).toBe(2)
  })
})

describe('scheduling', () => {
  const ratings: ReviewRating[] = [3, 3, 1, 2, 4, 3, 3, 1, 3]

  it('gives the same states as calling ts-fsrs directly, with default parameters and no fuzz', () => {
    const direct = fsrs({ enable_fuzz: false })
    let card: FsrsCard = createEmptyCard(start)
    let schedule = null
    let now = start
    for (const rating of ratings) {
      card = direct.next(card, now, rating as Grade).card
      schedule = scheduleReview(schedule, rating, now.toISOString())
      expect(schedule).toEqual(fromFsrsCard(card))
      expect(toFsrsCard(schedule)).toEqual(card)
      now = new Date(Math.max(card.due.getTime(), now.getTime() + 60_000))
    }
    expect(schedule!.reps).toBe(ratings.length)
  })

  it('counts a lapse when a card in review is forgotten (Again)', () => {
    let schedule = scheduleReview(null, 4, start)
    expect(schedule.state).toBe('review')
    expect(schedule.lapses).toBe(0)
    schedule = scheduleReview(schedule, 1, schedule.due)
    expect(schedule.state).toBe('relearning')
    expect(schedule.lapses).toBe(1)
    expect(Date.parse(schedule.due) - Date.parse(schedule.lastReview!)).toBeLessThan(86_400_000)
  })

  it('takes an answer older than the last review as given at the last review', () => {
    const first = scheduleReview(null, 3, days(2))
    expect(scheduleReview(first, 3, days(1))).toEqual(scheduleReview(first, 3, days(2)))
  })

  it('keeps the card\'s ids in reviewCard and ignores extra fields of the state given', () => {
    const ref = { cardId: 'atom-1-abc', atomId: 'atom-1', documentId: 'doc-1' }
    const first = reviewCard(ref, null, 3, start)
    expect(first).toMatchObject({ ...ref, reps: 1, state: 'learning', lastReview: start.toISOString() })
    expect(reviewCard(ref, first, 3, days(1))).toEqual({ ...ref, ...scheduleReview(scheduleReview(null, 3, start), 3, days(1)) })
  })

  it('round-trips through JSON unchanged and passes the shared schema', () => {
    let schedule = newSchedule(start)
    expect(schedule).toMatchObject({ state: 'new', reps: 0, lastReview: null, due: start.toISOString() })
    for (const rating of ratings) {
      schedule = scheduleReview(schedule, rating, schedule.due)
      const revived = JSON.parse(JSON.stringify(schedule))
      expect(revived).toEqual(schedule)
      expect(toFsrsCard(revived)).toEqual(toFsrsCard(schedule))
      expect(cardStateSchema.parse({ cardId: 'c', atomId: 'a', documentId: 'd', ...revived })).toMatchObject(schedule)
    }
  })

  it('says when a card is due and when it is mastered', () => {
    const schedule = scheduleReview(null, Rating.Easy as ReviewRating, start)
    expect(isDue(schedule, start)).toBe(false)
    expect(isDue(schedule, schedule.due)).toBe(true)
    expect(isDue(schedule, days(365))).toBe(true)
    expect(isMastered(null)).toBe(false)
    expect(isMastered({ stability: 20.9 })).toBe(false)
    expect(isMastered({ stability: 21 })).toBe(true)
    expect(utcDay('2026-03-01T23:59:59.999-01:00')).toBe('2026-03-02')
  })
})

describe('review batches', () => {
  const review = (overrides = {}) => ({ id: crypto.randomUUID(), cardId: 'atom-1-abc', atomId: 'atom-1', rating: 3, reviewedAt: start.toISOString(), ...overrides })

  it('accepts 1 to 500 reviews with unique ids, and normalises times to UTC', () => {
    const parsed = reviewBatchSchema.parse({ reviews: [review({ reviewedAt: '2026-03-01T09:00:00+01:00' })] })
    expect(parsed.reviews[0]!.reviewedAt).toBe('2026-03-01T08:00:00.000Z')
    expect(reviewBatchSchema.safeParse({ reviews: [] }).success).toBe(false)
    expect(reviewBatchSchema.safeParse({ reviews: Array.from({ length: 501 }, () => review()) }).success).toBe(false)
    const twice = review()
    expect(reviewBatchSchema.safeParse({ reviews: [twice, twice] }).success).toBe(false)
  })

  it('refuses bad ratings, ids and times in the future', () => {
    for (const bad of [{ rating: 0 }, { rating: 5 }, { rating: 2.5 }, { id: 'not-a-uuid' }, { reviewedAt: 'yesterday' },
      { reviewedAt: new Date(Date.now() + 10 * 60_000).toISOString() }, { cardId: 'bad id!' }, { durationMs: -1 }]) {
      expect(reviewBatchSchema.safeParse({ reviews: [review(bad)] }).success, JSON.stringify(bad)).toBe(false)
    }
    expect(reviewBatchSchema.safeParse({ reviews: [review({ reviewedAt: new Date(Date.now() + 60_000).toISOString() })] }).success).toBe(true)
  })
})
