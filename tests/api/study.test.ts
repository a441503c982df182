import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Atom } from '../../shared/schemas/atom'
import {
  progressSchema, reviewBatchResultSchema, reviewLogSchema, studyCardListSchema, type CardState, type ReviewRating, type StudyCard,
} from '../../shared/schemas/study'
import { seedFirstReview } from '../../shared/utils/difficulty-seed'
import { cardId, cardsOfAtom, isMastered, reviewCard, utcDay } from '../../shared/utils/study'
import { markdownChapter, uniqueWord } from '../support/content'
import { ApiClient, shareAndAccept, signedInClient } from '../support/http'
import { expectProblem } from '../support/problems'

const dayMs = 86_400_000
const ago = (ms: number) => new Date(Date.now() - ms).toISOString()

interface Answer { card: StudyCard, rating: ReviewRating, reviewedAt: string }

const reviewOf = ({ card, rating, reviewedAt }: Answer) => ({ id: randomUUID(), cardId: card.cardId, atomId: card.atomId, rating, reviewedAt })

/** The states the server must reach: the shared scheduling code over the answers, in time order, new cards seeded by their atom. */
function expectedStates(answers: Answer[], from: Map<string, CardState> = new Map()): Map<string, CardState> {
  const states = new Map(from)
  for (const { card, rating, reviewedAt } of [...answers].sort((a, b) => a.reviewedAt.localeCompare(b.reviewedAt))) {
    const before = states.get(card.cardId) ?? null
    expect(card.atomDifficulty).toBeTypeOf('number')
    states.set(card.cardId, seedFirstReview(before, reviewCard(card, before, rating, reviewedAt), rating, card.atomDifficulty))
  }
  return states
}

describe('studying with spaced repetition', () => {
  let alice: ApiClient
  let bob: ApiClient
  let documentId: string
  let atoms: Atom[]
  let cards: StudyCard[]

  beforeAll(async () => {
    alice = (await signedInClient('alice')).client
    bob = (await signedInClient('bob')).client
    documentId = (await alice.uploadReady('study.md', markdownChapter(uniqueWord('study')))).id
    atoms = await alice.getAll(`/api/v1/documents/${documentId}/atoms`)
    const all = await alice.get(`/api/v1/study/cards?documentId=${documentId}`)
    expect(all.status).toBe(200)
    cards = studyCardListSchema.parse(all.data).items
    expect(cards.length).toBeGreaterThanOrEqual(4)
  })

  it('lists every card of a document with a stable id, the atom\'s title and no state yet', async () => {
    const order = (await alice.get(`/api/v1/documents/${documentId}/reading-order`)).data.items.map((item: { id: string }) => item.id)
    const byId = new Map(atoms.map(atom => [atom.id, atom]))
    expect(cards).toEqual(order.flatMap((id: string) => cardsOfAtom(byId.get(id)!)))
    for (const card of cards) {
      expect(card.cardId).toBe(cardId(card.atomId, card.card))
      expect(card).toMatchObject({ documentId, atomTitle: byId.get(card.atomId)!.title, state: null })
    }
  })

  it('offers new cards in reading order, at most newLimit of them', async () => {
    const due = await alice.get(`/api/v1/study/due?documentId=${documentId}`)
    expect(due.status).toBe(200)
    expect(due.data.items).toEqual(cards.slice(0, 20))
    expect((await alice.get(`/api/v1/study/due?newLimit=2`)).data.items).toEqual(cards.slice(0, 2))
    expect((await alice.get(`/api/v1/study/due?newLimit=0`)).data.items).toEqual([])
  })

  it('offers one atom\'s cards alone, to whoever may read it', async () => {
    const atom = atoms.find(candidate => cardsOfAtom(candidate).length > 1) ?? atoms[0]!
    const due = await alice.get(`/api/v1/study/due?atomId=${atom.id}`)
    expect(due.status).toBe(200)
    expect(due.data.items).toEqual(cards.filter(card => card.atomId === atom.id))
    expectProblem(await bob.get(`/api/v1/study/due?atomId=${atom.id}`), 404)
  })

  it('schedules posted reviews with FSRS on the server, and a replayed batch changes nothing', async () => {
    const answers: Answer[] = [
      { card: cards[0]!, rating: 3, reviewedAt: ago(3 * dayMs) },
      { card: cards[1]!, rating: 1, reviewedAt: ago(2 * dayMs) },
      { card: cards[0]!, rating: 3, reviewedAt: ago(3 * dayMs - 20 * 60_000) },
      { card: cards[2]!, rating: 4, reviewedAt: ago(60_000) },
    ]
    // Sent out of order: the server replays them by reviewedAt.
    const batch = { reviews: answers.map(reviewOf).reverse() }
    const first = await alice.post('/api/v1/reviews', batch)
    expect(first.status, JSON.stringify(first.data)).toBe(200)
    expect(first.data.accepted).toEqual(batch.reviews.map(review => review.id))
    expect(first.data.duplicates).toEqual([])
    expect(reviewBatchResultSchema.parse(first.data)).toEqual(first.data)
    const expected = expectedStates(answers)
    expect(new Map(first.data.states.map((state: CardState) => [state.cardId, state]))).toEqual(expected)
    expect(expected.get(cards[0]!.cardId)).toMatchObject({ reps: 2, state: 'review' })

    const again = await alice.post('/api/v1/reviews', batch)
    expect(again.status).toBe(200)
    expect(again.data).toEqual({ accepted: [], duplicates: batch.reviews.map(review => review.id), states: first.data.states })

    const history = await alice.getAll('/api/v1/reviews')
    expect(history.map(review => review.id).sort()).toEqual(batch.reviews.map(review => review.id).sort())
    for (const review of history) expect(reviewLogSchema.parse(review)).toEqual(review)
    const times = history.map(review => review.reviewedAt)
    expect(times).toEqual([...times].sort().reverse())
    expect(history.find(review => review.cardId === cards[1]!.cardId)).toMatchObject({
      userId: expect.any(String), documentId, rating: 1, stateBefore: 'new', stateAfter: 'learning', dueAfter: expected.get(cards[1]!.cardId)!.due,
    })
    const recent = await alice.get(`/api/v1/reviews?since=${encodeURIComponent(ago(dayMs))}`)
    expect(recent.data.items.map((review: { cardId: string }) => review.cardId)).toEqual([cards[2]!.cardId])

    // Due now: cards whose state fell due (oldest due first), then the cards never reviewed, in reading order.
    const due = (await alice.get(`/api/v1/study/due?documentId=${documentId}&newLimit=100`)).data.items as StudyCard[]
    const dueNow = cards.filter(card => expected.has(card.cardId) && Date.parse(expected.get(card.cardId)!.due) <= Date.now())
      .map(card => ({ ...card, state: expected.get(card.cardId)! }))
      .sort((a, b) => a.state.due.localeCompare(b.state.due))
    expect(dueNow.map(card => card.cardId)).toContain(cards[1]!.cardId)
    expect(due).toEqual([...dueNow, ...cards.filter(card => !expected.has(card.cardId))])
    const offline = (await alice.get(`/api/v1/study/cards?documentId=${documentId}`)).data.items as StudyCard[]
    expect(offline.map(card => card.state)).toEqual(cards.map(card => expected.get(card.cardId) ?? null))
  })

  it('stores a batch sent many times at once exactly once', async () => {
    const card = cards[3]!
    const answers: Answer[] = [{ card, rating: 3, reviewedAt: ago(5 * 60_000) }, { card, rating: 2, reviewedAt: ago(4 * 60_000) }]
    const batch = { reviews: answers.map(reviewOf) }
    const responses = await Promise.all(Array.from({ length: 6 }, () => alice.post('/api/v1/reviews', batch)))
    for (const response of responses) expect(response.status, JSON.stringify(response.data)).toBe(200)
    const accepted = responses.flatMap(response => response.data.accepted as string[])
    expect(accepted.sort()).toEqual(batch.reviews.map(review => review.id).sort())
    const history = await alice.getAll('/api/v1/reviews')
    expect(history.filter(review => review.cardId === card.cardId)).toHaveLength(2)
    const state = (await alice.get(`/api/v1/study/cards?documentId=${documentId}`)).data.items.find((item: StudyCard) => item.cardId === card.cardId).state
    expect(state).toEqual(expectedStates(answers).get(card.cardId))
    expect(state.reps).toBe(2)
  })

  it('refuses a review graded on a card state older than the stored one (another device reviewed the card since)', async () => {
    expect(cards.length).toBeGreaterThan(5)
    const [card, other] = [cards.at(-1)!, cards.at(-2)!]
    const online = { ...reviewOf({ card, rating: 3, reviewedAt: ago(10 * 60_000) }), previousReviewAt: null }
    expect((await alice.post('/api/v1/reviews', { reviews: [online] })).status).toBe(200)
    const before = await alice.getAll('/api/v1/reviews')

    // The offline device still had the card as never reviewed; its answer, and the one it made after, are refused.
    const offline = { ...reviewOf({ card, rating: 3, reviewedAt: ago(5 * 60_000) }), previousReviewAt: null }
    const afterIt = { ...reviewOf({ card, rating: 4, reviewedAt: ago(4 * 60_000) }), previousReviewAt: offline.reviewedAt }
    const fresh = { ...reviewOf({ card: other, rating: 3, reviewedAt: ago(4 * 60_000) }), previousReviewAt: null }
    const problem = expectProblem(await alice.post('/api/v1/reviews', { reviews: [fresh, afterIt, offline] }), 409)
    expect(problem.type).toBe('/problems/stale-review')
    expect(problem.errors?.map(error => error.path)).toEqual(['reviews.1.previousReviewAt', 'reviews.2.previousReviewAt'])
    expect(await alice.getAll('/api/v1/reviews')).toEqual(before)

    // The same review sent again is known, not stale; one graded on the stored state counts.
    const replayed = await alice.post('/api/v1/reviews', { reviews: [online] })
    expect(replayed.data).toMatchObject({ accepted: [], duplicates: [online.id] })
    const rebased = { ...offline, id: randomUUID(), previousReviewAt: online.reviewedAt }
    const accepted = await alice.post('/api/v1/reviews', { reviews: [fresh, rebased] })
    expect(accepted.status, JSON.stringify(accepted.data)).toBe(200)
    expect(accepted.data.accepted).toEqual([fresh.id, rebased.id])
    expect(accepted.data.states.find((state: CardState) => state.cardId === card.cardId)).toMatchObject({ reps: 2, lastReview: rebased.reviewedAt })
  })

  it('keeps another user from reviewing or seeing the cards, and stores nothing of a refused batch', async () => {
    const review = reviewOf({ card: cards[0]!, rating: 3, reviewedAt: ago(0) })
    const refused = expectProblem(await bob.post('/api/v1/reviews', { reviews: [review] }), 422)
    expect(refused.errors).toEqual([{ path: 'reviews.0.atomId', message: 'no such atom' }])
    expect((await bob.get('/api/v1/reviews')).data).toEqual({ items: [] })
    expectProblem(await bob.get(`/api/v1/study/cards?documentId=${documentId}`), 404)
    expectProblem(await bob.get(`/api/v1/study/due?documentId=${documentId}`), 404)
    expect((await bob.get('/api/v1/study/due')).data).toEqual({ items: [] })
    expect((await bob.get('/api/v1/progress')).data.mastered).toEqual([])

    const before = await alice.getAll('/api/v1/reviews')
    const mixed = { reviews: [review, { ...reviewOf({ card: cards[0]!, rating: 3, reviewedAt: ago(0) }), cardId: `${cards[0]!.atomId}-nosuchcard` }] }
    const problem = expectProblem(await alice.post('/api/v1/reviews', mixed), 422)
    expect(problem.errors).toEqual([{ path: 'reviews.1.cardId', message: 'no such card in this atom' }])
    expect(await alice.getAll('/api/v1/reviews')).toEqual(before)
  })

  it('answers bad input with problem details', async () => {
    const good = reviewOf({ card: cards[0]!, rating: 3, reviewedAt: ago(0) })
    const fieldErrors = async (body: unknown) => expectProblem(await alice.post('/api/v1/reviews', body), 422).errors?.map(error => error.path)
    expect(await fieldErrors({})).toEqual(['reviews'])
    expect(await fieldErrors({ reviews: [] })).toEqual(['reviews'])
    expect(await fieldErrors({ reviews: [{ ...good, rating: 5 }] })).toEqual(['reviews.0.rating'])
    expect(await fieldErrors({ reviews: [{ ...good, id: 'nope' }] })).toEqual(['reviews.0.id'])
    expect(await fieldErrors({ reviews: [{ ...good, reviewedAt: new Date(Date.now() + 3_600_000).toISOString() }] })).toEqual(['reviews.0.reviewedAt'])
    expect(await fieldErrors({ reviews: [good, good] })).toEqual(['reviews'])
    expect(await fieldErrors({ reviews: Array.from({ length: 501 }, () => ({ ...good, id: randomUUID() })) })).toEqual(['reviews'])
    expectProblem(await alice.request('POST', '/api/v1/reviews', { body: '{not json', headers: { 'content-type': 'application/json' } }), 400)
    expectProblem(await alice.get('/api/v1/reviews?since=yesterday'), 422)
    expectProblem(await alice.get('/api/v1/reviews?cursor=broken'), 400)
    expectProblem(await alice.get('/api/v1/study/cards'), 422)
    expectProblem(await alice.get('/api/v1/study/due?limit=0'), 422)
    expectProblem(await alice.get('/api/v1/progress?days=0'), 422)
    const anonymous = new ApiClient()
    expectProblem(await anonymous.post('/api/v1/reviews', { reviews: [good] }), 401)
    expectProblem(await anonymous.get('/api/v1/study/due'), 401)
  })
})

describe('progress', () => {
  it('matches the reviews posted: per day, forecast, retention and mastered atoms', async () => {
    const { client: author } = await signedInClient('teacher')
    const { client: learner, email } = await signedInClient('learner', 'learner')
    const { id: documentId, title } = await author.uploadReady('progress.md', markdownChapter(uniqueWord('prog'), 4))
    await shareAndAccept(author, learner, `/api/v1/documents/${documentId}/shares`, { email })
    const cards = (await learner.get(`/api/v1/study/cards?documentId=${documentId}`)).data.items as StudyCard[]
    const atomIds = [...new Set(cards.map(card => card.atomId))]
    expect(atomIds.length).toBeGreaterThanOrEqual(2)

    // Every card of the first atom: Easy 80 and 70 days ago (outside the window), then Good 40 days ago: mastered.
    const answers: Answer[] = cards.filter(card => card.atomId === atomIds[0]).flatMap(card => [
      { card, rating: 4 as const, reviewedAt: ago(80 * dayMs) },
      { card, rating: 4 as const, reviewedAt: ago(70 * dayMs) },
      { card, rating: 3 as const, reviewedAt: ago(40 * dayMs) },
    ])
    // One card of the second atom: Easy (into review), then recalled, then forgotten, within the window.
    const other = cards.find(card => card.atomId === atomIds[1])!
    answers.push(
      { card: other, rating: 4, reviewedAt: ago(20 * dayMs) },
      { card: other, rating: 3, reviewedAt: ago(10 * dayMs) },
      { card: other, rating: 1, reviewedAt: ago(dayMs) },
    )
    const posted = await learner.post('/api/v1/reviews', { reviews: answers.map(reviewOf) })
    expect(posted.status, JSON.stringify(posted.data)).toBe(200)
    const states = expectedStates(answers)
    expect([...states.values()].filter(state => state.atomId === atomIds[0]).every(isMastered)).toBe(true)

    const progress = (await learner.get('/api/v1/progress')).data
    expect(progressSchema.parse(progress)).toEqual(progress)
    const now = Date.now()
    const windowDays = Array.from({ length: 30 }, (_, i) => utcDay(now - (29 - i) * dayMs))
    const inWindow = answers.filter(answer => windowDays.includes(utcDay(answer.reviewedAt)))
    expect(progress.reviewsPerDay).toEqual(windowDays.map(date => ({
      date,
      reviews: inWindow.filter(answer => utcDay(answer.reviewedAt) === date).length,
      again: inWindow.filter(answer => utcDay(answer.reviewedAt) === date && answer.rating === 1).length,
    })))
    expect(progress.retention).toEqual({ reviews: 2, recalled: 1, rate: 0.5 })
    const forecastDays = Array.from({ length: 30 }, (_, i) => utcDay(now + i * dayMs))
    expect(progress.forecast).toEqual(forecastDays.map((date, i) => ({
      date,
      due: [...states.values()].filter(state => (i === 0 ? utcDay(state.due) <= date : utcDay(state.due) === date)).length,
    })))
    expect(progress.forecast.reduce((sum: number, day: { due: number }) => sum + day.due, 0)).toBeGreaterThan(0)
    expect(progress.mastered).toEqual([{ documentId, title, atoms: atomIds.length, mastered: 1 }])
    expect(progress.masteredByCollection).toEqual([])
    expect((await learner.get('/api/v1/progress?days=7')).data.reviewsPerDay).toEqual(progress.reviewsPerDay.slice(-7))

    // Put into a collection, the same atoms count for it, once the learner may see the collection.
    const collection = (await author.post('/api/v1/collections', { name: 'Progress shelf' })).data
    expect((await author.put(`/api/v1/documents/${documentId}/collection`, { collectionId: collection.id })).status).toBe(200)
    expect((await learner.get('/api/v1/progress')).data.masteredByCollection).toEqual([])
    await shareAndAccept(author, learner, `/api/v1/collections/${collection.id}/shares`, { email, role: 'viewer' })
    expect((await learner.get('/api/v1/progress')).data.masteredByCollection)
      .toEqual([{ collectionId: collection.id, name: 'Progress shelf', atoms: atomIds.length, mastered: 1 }])
  })

  it('keeps review logs when a document is deleted, but not its card states', async () => {
    const { client } = await signedInClient('deleter')
    const { id: documentId } = await client.uploadReady('gone.md', markdownChapter(uniqueWord('gone'), 2))
    const [card] = (await client.get(`/api/v1/study/cards?documentId=${documentId}`)).data.items as StudyCard[]
    const review = reviewOf({ card: card!, rating: 4, reviewedAt: ago(0) })
    expect((await client.post('/api/v1/reviews', { reviews: [review] })).data.accepted).toEqual([review.id])
    expect((await client.get('/api/v1/progress')).data.mastered).toHaveLength(1)
    expect((await client.delete(`/api/v1/documents/${documentId}`)).status).toBe(204)
    expect((await client.getAll('/api/v1/reviews')).map(item => item.id)).toEqual([review.id])
    const progress = (await client.get('/api/v1/progress')).data
    expect(progress.mastered).toEqual([])
    expect(progress.forecast.every((day: { due: number }) => day.due === 0)).toBe(true)
    expect(progress.reviewsPerDay.at(-1)).toEqual({ date: utcDay(Date.now()), reviews: 1, again: 0 })
    expect((await client.get('/api/v1/study/due')).data).toEqual({ items: [] })
  })
})
