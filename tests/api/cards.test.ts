import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { studyCardListSchema, studyCardSchema, type StudyCard } from '../../shared/schemas/study'
import { markdownChapter, uniqueWord } from '../support/content'
import { signedInClient, type ApiClient } from '../support/http'
import { expectProblem } from '../support/problems'

describe('/api/v1/cards: my cards as a resource', () => {
  let learner: ApiClient
  let stranger: ApiClient
  let first: string
  let second: string
  let collectionId: string
  let cardsOfFirst: StudyCard[]
  let cardsOfSecond: StudyCard[]

  /** Every page of a card list, following the cursor. */
  async function allCards(client: ApiClient, query: string, limit: number): Promise<StudyCard[]> {
    const items: StudyCard[] = []
    let cursor: string | undefined
    for (let page = 0; page < 200; page++) {
      const response = await client.get(`/api/v1/cards?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`)
      expect(response.status, JSON.stringify(response.data)).toBe(200)
      items.push(...response.data.items.map((item: unknown) => studyCardSchema.parse(item)))
      cursor = response.data.nextCursor
      if (!cursor) return items
    }
    throw new Error('the cursor never ends')
  }

  beforeAll(async () => {
    ;({ client: learner } = await signedInClient('cards'))
    ;({ client: stranger } = await signedInClient('cards-stranger'))
    collectionId = (await learner.post('/api/v1/collections', { name: 'Cards shelf' })).data.id
    first = (await learner.uploadReady('first.md', markdownChapter(uniqueWord('cardsa'), 10), { collectionId })).id
    second = (await learner.uploadReady('second.md', markdownChapter(uniqueWord('cardsb'), 4))).id
    cardsOfFirst = studyCardListSchema.parse((await learner.get(`/api/v1/study/cards?documentId=${first}`)).data).items
    cardsOfSecond = studyCardListSchema.parse((await learner.get(`/api/v1/study/cards?documentId=${second}`)).data).items
    expect(cardsOfFirst.length).toBeGreaterThan(3)
  })

  it('lists every card I may read, documents oldest first, each in reading order, without gaps at any page size', async () => {
    for (const limit of [1, 3, 100]) {
      const all = await allCards(learner, '', limit)
      expect(all).toEqual([...cardsOfFirst, ...cardsOfSecond])
    }
  })

  it('narrows to a document or a collection', async () => {
    expect(await allCards(learner, `documentId=${second}`, 2)).toEqual(cardsOfSecond)
    expect(await allCards(learner, `collectionId=${collectionId}`, 5)).toEqual(cardsOfFirst)
  })

  it('filters by phase and by whether due, following my reviews', async () => {
    const reviewed = cardsOfFirst.slice(0, 2)
    const answers = reviewed.map(card => ({ id: randomUUID(), cardId: card.cardId, atomId: card.atomId, rating: 3, reviewedAt: new Date(Date.now() - 60_000).toISOString() }))
    expect((await learner.post('/api/v1/reviews', { reviews: answers })).status).toBe(200)

    const learning = await allCards(learner, 'state=learning,review,relearning', 2)
    expect(learning.map(card => card.cardId)).toEqual(reviewed.map(card => card.cardId))
    expect(learning.every(card => card.state !== null)).toBe(true)
    const fresh = await allCards(learner, `state=new&documentId=${first}`, 2)
    expect(fresh.map(card => card.cardId)).toEqual(cardsOfFirst.slice(2).map(card => card.cardId))
    // Good on a new card schedules it minutes ahead: not due yet; new cards are never due.
    expect(await allCards(learner, 'due=true', 10)).toEqual([])
    expect((await allCards(learner, 'due=false', 10)).map(card => card.cardId)).toEqual([...cardsOfFirst, ...cardsOfSecond].map(card => card.cardId))
    expect((await allCards(learner, 'due=false&state=learning', 10)).map(card => card.cardId)).toEqual(reviewed.map(card => card.cardId))
  })

  it('shows one card with my state, and hides others\' cards as missing', async () => {
    const card = cardsOfFirst[0]!
    const one = await learner.get(`/api/v1/cards/${card.cardId}`)
    expect(one.status).toBe(200)
    expect(studyCardSchema.parse(one.data)).toMatchObject({ cardId: card.cardId, atomId: card.atomId, card: card.card, state: { state: 'learning' } })
    expect((await learner.get(`/api/v1/cards/${cardsOfSecond[0]!.cardId}`)).data.state).toBeNull()
    expectProblem(await stranger.get(`/api/v1/cards/${card.cardId}`), 404)
    expectProblem(await learner.get(`/api/v1/cards/${card.atomId}-zzzz`), 404)
    expectProblem(await learner.get('/api/v1/cards/nodash'), 422)
  })

  it('refuses others\' documents and collections, bad filters and broken cursors', async () => {
    expectProblem(await stranger.get(`/api/v1/cards?documentId=${first}`), 404)
    expectProblem(await stranger.get(`/api/v1/cards?collectionId=${collectionId}`), 404)
    expectProblem(await learner.get('/api/v1/cards?state=sleeping'), 422)
    expectProblem(await learner.get('/api/v1/cards?due=maybe'), 422)
    expectProblem(await learner.get('/api/v1/cards?cursor=not-a-cursor'), 400)
  })
})
