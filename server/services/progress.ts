import type { CardState, Progress, ReviewLog } from '../../shared/schemas/study'
import { cardsOfAtom, isMastered, utcDay } from '../../shared/utils/study'
import type { Drivers } from '../drivers'
import { readableDocumentIds } from './access'
import { allAtomsOf } from './atoms'
import type { Actor } from './actor'

const dayMs = 86_400_000
/** Retention is measured over this many days; the forecast looks this many days ahead. */
const retentionDays = 30
const forecastDays = 30

/** `count` consecutive UTC days from `first` (a day's midnight, in ms). */
const daysFrom = (first: number, count: number) => Array.from({ length: count }, (_, i) => utcDay(first + i * dayMs))

async function reviewsSince(drivers: Drivers, actor: Actor, since: string): Promise<ReviewLog[]> {
  const reviews: ReviewLog[] = []
  let cursor: string | undefined
  do {
    const page = await drivers.store.reviews.listByUser(actor.id, { cursor, limit: 1000 }, { since })
    reviews.push(...page.items)
    cursor = page.nextCursor
  } while (cursor)
  return reviews
}

function reviewsPerDay(reviews: ReviewLog[], days: string[]): Progress['reviewsPerDay'] {
  const byDay = new Map(days.map(date => [date, { date, reviews: 0, again: 0 }]))
  for (const review of reviews) {
    const day = byDay.get(utcDay(review.reviewedAt))
    if (!day) continue
    day.reviews++
    if (review.rating === 1) day.again++
  }
  return [...byDay.values()]
}

function forecast(states: CardState[], days: string[]): Progress['forecast'] {
  const byDay = new Map(days.map(date => [date, { date, due: 0 }]))
  const today = days[0]!
  for (const state of states) {
    const day = utcDay(state.due)
    const entry = byDay.get(day < today ? today : day)
    if (entry) entry.due++
  }
  return [...byDay.values()]
}

function retention(reviews: ReviewLog[], since: string): Progress['retention'] {
  const counted = reviews.filter(review => review.reviewedAt >= since && review.stateBefore === 'review')
  const recalled = counted.filter(review => review.rating > 1).length
  return { reviews: counted.length, recalled, rate: counted.length === 0 ? null : recalled / counted.length }
}

/** Per document I studied (and may still read): atoms with cards, and those whose every card is mastered. */
async function mastered(drivers: Drivers, states: CardState[]) {
  const byCard = new Map(states.map(state => [state.cardId, state]))
  const documentIds = [...new Set(states.map(state => state.documentId))]
  const rows = await Promise.all(documentIds.map(async (documentId) => {
    const document = await drivers.store.documents.get(documentId)
    if (!document) return []
    const withCards = (await allAtomsOf(drivers, documentId)).map(cardsOfAtom).filter(cards => cards.length > 0)
    const done = withCards.filter(cards => cards.every(card => isMastered(byCard.get(card.cardId)))).length
    return [{ documentId, title: document.title, atoms: withCards.length, mastered: done, createdAt: document.createdAt, collectionId: document.collectionId }]
  }))
  return rows.flat().sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.documentId.localeCompare(b.documentId))
}

/** The documents' mastery added up per collection, for the collections the actor may read. */
async function byCollection(drivers: Drivers, actor: Actor, rows: Awaited<ReturnType<typeof mastered>>): Promise<Progress['masteredByCollection']> {
  const totals = new Map<string, { atoms: number, mastered: number }>()
  for (const row of rows) {
    if (!row.collectionId) continue
    const total = totals.get(row.collectionId) ?? { atoms: 0, mastered: 0 }
    total.atoms += row.atoms
    total.mastered += row.mastered
    totals.set(row.collectionId, total)
  }
  const collections = await Promise.all([...totals.keys()].map(async (id) => {
    const collection = await drivers.store.collections.get(id)
    const readable = collection && (collection.ownerId === actor.id || await drivers.store.collections.roleOf(id, actor.id))
    return readable ? collection : null
  }))
  return collections.flatMap(collection => collection ? [{ collectionId: collection.id, name: collection.name, ...totals.get(collection.id)! }] : [])
}

/** My study at a glance: reviews per day over `days` days, the next 30 days' workload, retention and mastery. */
export async function progressOf(drivers: Drivers, actor: Actor, { days }: { days: number }, now = new Date()): Promise<Progress> {
  const today = Date.parse(`${utcDay(now)}T00:00:00.000Z`)
  const firstDay = today - (days - 1) * dayMs
  const retentionSince = new Date(now.getTime() - retentionDays * dayMs).toISOString()
  const reviews = await reviewsSince(drivers, actor, new Date(Math.min(firstDay, Date.parse(retentionSince))).toISOString())
  const readable = await readableDocumentIds(drivers.store, actor)
  const states = readable.length === 0 ? [] : await drivers.store.cardStates.listByUser(actor.id, { documentIds: readable })
  const documents = await mastered(drivers, states)
  return {
    reviewsPerDay: reviewsPerDay(reviews, daysFrom(firstDay, days)),
    forecast: forecast(states, daysFrom(today, forecastDays)),
    retention: retention(reviews, retentionSince),
    mastered: documents.map(({ createdAt: _createdAt, collectionId: _collectionId, ...row }) => row),
    masteredByCollection: await byCollection(drivers, actor, documents),
  }
}
