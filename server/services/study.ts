import type { Atom, Card } from '../../shared/schemas/atom'
import type { Page } from '../../shared/schemas/common'
import type {
  CardState, DueQuery, ReviewBatch, ReviewBatchResult, ReviewInput, ReviewLog, StudyCard, StudyCardList,
} from '../../shared/schemas/study'
import type { FSRS } from 'ts-fsrs'
import { seedFirstReview } from '../../shared/utils/difficulty-seed'
import { termCardFilter } from '../../shared/utils/glossary'
import { cardsOfAtom, isDue, reviewCard } from '../../shared/utils/study'
import type { Drivers } from '../drivers'
import type { DocumentRecord, PageOptions } from '../drivers/store/types'
import { problems } from '../errors'
import { readableDocument, readableDocumentIds } from './access'
import { collectionDocumentIds } from './collections'
import { atomsInReadingOrder, getAtom } from './atoms'
import type { Actor } from './actor'
import { publishUserEvent } from './live-events'
import { queueFitIfDue, schedulerFor } from './schedules'
import { staleReviews } from './stale-reviews'

const unique = <T>(items: T[]) => [...new Set(items)]

/** The documents to study from: the one asked for (if readable), or every document the actor may read. */
export async function studyScope(drivers: Drivers, actor: Actor, documentId?: string, collectionId?: string): Promise<string[]> {
  if (collectionId !== undefined) {
    const inCollection = await collectionDocumentIds(drivers, actor, collectionId)
    return documentId === undefined ? inCollection : inCollection.filter(id => id === documentId)
  }
  if (documentId === undefined) return readableDocumentIds(drivers.store, actor)
  await readableDocument(drivers.store, actor, documentId)
  return [documentId]
}

/** The atoms with these ids that the actor may read. */
async function readableAtoms(drivers: Drivers, actor: Actor, ids: string[]): Promise<Map<string, Atom>> {
  if (ids.length === 0) return new Map()
  const readable = new Set(await readableDocumentIds(drivers.store, actor))
  const atoms = await drivers.store.atoms.getMany(ids)
  return new Map(atoms.filter(atom => readable.has(atom.documentId)).map(atom => [atom.id, atom]))
}

/** The card as it is now in its atom, with this state; undefined when the atom no longer has it. */
function studyCardOf(atom: Atom | undefined, state: CardState): StudyCard | undefined {
  const card = atom && cardsOfAtom(atom).find(candidate => candidate.cardId === state.cardId)
  return card && { ...card, state }
}

/**
 * Checks that every review is of a card of an atom the actor may read. An atom that does not exist and one
 * the actor may not read get the same answer, so nobody learns what others have.
 */
function checkReviewed(reviews: ReviewInput[], atoms: Map<string, Atom>): void {
  const errors = reviews.flatMap((review, i) => {
    const atom = atoms.get(review.atomId)
    if (!atom) return [{ path: `reviews.${i}.atomId`, message: 'no such atom' }]
    if (!cardsOfAtom(atom).some(card => card.cardId === review.cardId)) return [{ path: `reviews.${i}.cardId`, message: 'no such card in this atom' }]
    return []
  })
  if (errors.length > 0) throw problems.validation(errors)
}

/**
 * Replays the reviews (in `reviewedAt` order) over the cards' states with the learner's scheduler: the logs
 * to store, and each card's state after its last review.
 */
function applyReviews(userId: string, reviews: ReviewInput[], atoms: Map<string, Atom>, stored: CardState[], receivedAt: string, scheduler: FSRS) {
  const current = new Map(stored.map(state => [state.cardId, state]))
  const touched = new Set<string>()
  const ordered = reviews.map((review, index) => ({ review, index }))
    .sort((a, b) => a.review.reviewedAt.localeCompare(b.review.reviewedAt) || a.index - b.index)
  const logs = ordered.map(({ review }): ReviewLog => {
    const before = current.get(review.cardId) ?? null
    const { documentId, difficulty } = atoms.get(review.atomId)!
    // A new card starts from its atom's predicted difficulty rather than FSRS's one-size D0.
    const after = seedFirstReview(before, reviewCard({ cardId: review.cardId, atomId: review.atomId, documentId }, before, review.rating, review.reviewedAt, scheduler), review.rating, difficulty, scheduler)
    current.set(review.cardId, after)
    touched.add(review.cardId)
    return {
      id: review.id, userId, cardId: review.cardId, atomId: review.atomId, documentId, rating: review.rating,
      reviewedAt: review.reviewedAt, ...(review.durationMs !== undefined && { durationMs: review.durationMs }),
      stateBefore: before?.state ?? 'new', stateAfter: after.state, dueAfter: after.due, stabilityAfter: after.stability,
      difficultyAfter: after.difficulty, elapsedDays: after.elapsedDays, scheduledDays: after.scheduledDays, receivedAt,
    }
  })
  return { logs, states: [...touched].map(cardId => current.get(cardId)!) }
}

/**
 * Records a batch of reviews exactly once. The server is the authority: each card's next state comes from
 * its stored state and the rating, whatever the client computed. Reviews already stored (a replayed batch,
 * or the same batch sent twice at once) are reported as duplicates and change nothing. A batch with any
 * review of an unknown or unreadable card, or graded on a card state older than the stored one (another
 * device reviewed the card since), is refused whole, before anything is stored.
 */
export async function recordReviews(drivers: Drivers, actor: Actor, { reviews }: ReviewBatch): Promise<ReviewBatchResult> {
  const { store } = drivers
  const atoms = await readableAtoms(drivers, actor, unique(reviews.map(review => review.atomId)))
  checkReviewed(reviews, atoms)
  const cardIds = unique(reviews.map(review => review.cardId))
  const storedStates = await store.cardStates.getMany(actor.id, cardIds)
  const stale = staleReviews(reviews, storedStates, new Set(await store.reviews.storedIds(actor.id, reviews.map(review => review.id))))
  if (stale.length > 0) throw problems.staleReviews(stale)
  const receivedAt = new Date().toISOString()
  const scheduler = await schedulerFor(drivers, actor.id)
  const planned = applyReviews(actor.id, reviews, atoms, storedStates, receivedAt, scheduler)
  // The unique review id decides which call stores a review; only that call moves the card's state on.
  const accepted = new Set(await store.reviews.appendMany(planned.logs))
  if (accepted.size === planned.logs.length) {
    await store.cardStates.upsertMany(actor.id, planned.states)
  }
  else if (accepted.size > 0) {
    const fresh = reviews.filter(review => accepted.has(review.id))
    const freshCards = unique(fresh.map(review => review.cardId))
    const replanned = applyReviews(actor.id, fresh, atoms, await store.cardStates.getMany(actor.id, freshCards), receivedAt, scheduler)
    await store.cardStates.upsertMany(actor.id, replanned.states)
  }
  const states = new Map((await store.cardStates.getMany(actor.id, cardIds)).map(state => [state.cardId, state]))
  const result = {
    accepted: reviews.filter(review => accepted.has(review.id)).map(review => review.id),
    duplicates: reviews.filter(review => !accepted.has(review.id)).map(review => review.id),
    states: cardIds.flatMap(cardId => states.get(cardId) ?? []),
  }
  // The learner's other devices learn of reviews made here; a replayed batch changed nothing to announce.
  if (result.accepted.length > 0) {
    const changed = new Set(reviews.filter(review => accepted.has(review.id)).map(review => review.cardId))
    await publishUserEvent(drivers, actor.id, {
      type: 'reviews-synced', userId: actor.id, accepted: result.accepted, states: result.states.filter(state => changed.has(state.cardId)),
    })
    // Enough new reviews since the last fit: fit the learner's own schedule in the background.
    await queueFitIfDue(drivers, actor.id)
  }
  return result
}

/** My review history, newest first. */
export async function listReviews(drivers: Drivers, actor: Actor, page: PageOptions, since?: string): Promise<Page<ReviewLog>> {
  const result = await drivers.store.reviews.listByUser(actor.id, page, { ...(since !== undefined && { since }) })
  return { items: result.items, ...(result.nextCursor && { nextCursor: result.nextCursor }) }
}

type CardFilter = (card: Card) => boolean

/** Cards due now that still exist (and pass `wanted`), oldest due first, at most `limit`. */
async function dueNow(drivers: Drivers, actor: Actor, states: CardState[], limit: number, now: Date, wanted: CardFilter): Promise<StudyCard[]> {
  const due = states.filter(state => isDue(state, now))
  const items: StudyCard[] = []
  // A chunk at a time: a state whose card went with a new version of its document is skipped.
  for (let start = 0; start < due.length && items.length < limit; start += limit) {
    const chunk = due.slice(start, start + limit)
    const atoms = await readableAtoms(drivers, actor, unique(chunk.map(state => state.atomId)))
    for (const state of chunk) {
      const card = studyCardOf(atoms.get(state.atomId), state)
      if (card && wanted(card.card) && items.length < limit) items.push(card)
    }
  }
  return items
}

/** The documents with these ids that still exist, oldest first (the order cards are studied and listed in). */
export async function documentsOldestFirst(drivers: Drivers, documentIds: string[]): Promise<DocumentRecord[]> {
  return (await drivers.store.documents.getMany(documentIds))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
}

/** Cards never reviewed (that pass `wanted`, of `onlyAtomId` when given), document by document (oldest first), each in its document's reading order. */
async function newCards(drivers: Drivers, documentIds: string[], seen: Set<string>, limit: number, wanted: CardFilter, onlyAtomId?: string): Promise<StudyCard[]> {
  if (limit === 0) return []
  const documents = await documentsOldestFirst(drivers, documentIds)
  const items: StudyCard[] = []
  for (const document of documents) {
    for (const atom of await atomsInReadingOrder(drivers, document.id)) {
      if (onlyAtomId !== undefined && atom.id !== onlyAtomId) continue
      for (const card of cardsOfAtom(atom)) {
        if (seen.has(card.cardId) || !wanted(card.card)) continue
        items.push(card)
        if (items.length >= limit) return items
      }
    }
  }
  return items
}

/** What to study now: cards due (oldest due first), then up to `newLimit` cards never reviewed; with `terms` or `atomId`, only those terms' or that atom's cards. */
export async function dueCards(drivers: Drivers, actor: Actor, { documentId, collectionId, terms, atomId, limit, newLimit }: DueQuery, now = new Date()): Promise<StudyCardList> {
  // One atom's cards: the scope narrows to its document (a 404 if the actor may not read it).
  const atom = atomId === undefined ? undefined : await getAtom(drivers, actor, atomId)
  const documentIds = (await studyScope(drivers, actor, documentId, collectionId)).filter(id => !atom || id === atom.documentId)
  if (documentIds.length === 0) return { items: [] }
  const states = (await drivers.store.cardStates.listByUser(actor.id, { documentIds })).filter(state => !atom || state.atomId === atom.id)
  const wanted = termCardFilter(terms)
  const due = await dueNow(drivers, actor, states, limit, now, wanted)
  const fresh = await newCards(drivers, documentIds, new Set(states.map(state => state.cardId)), newLimit, wanted, atom?.id)
  return { items: [...due, ...fresh] }
}

/** Every card of a readable document, in reading order, with my state: what a browser downloads to study offline. */
export async function documentCards(drivers: Drivers, actor: Actor, documentId: string): Promise<StudyCardList> {
  await readableDocument(drivers.store, actor, documentId)
  const states = new Map((await drivers.store.cardStates.listByUser(actor.id, { documentIds: [documentId] })).map(state => [state.cardId, state]))
  const atoms = await atomsInReadingOrder(drivers, documentId)
  return { items: atoms.flatMap(cardsOfAtom).map(card => ({ ...card, state: states.get(card.cardId) ?? null })) }
}
