import type { Page } from '../../shared/schemas/common'
import type { CardListQuery, StudyCard } from '../../shared/schemas/study'
import { cardsOfAtom, isDue } from '../../shared/utils/study'
import type { Drivers } from '../drivers'
import { decodeCursor, encodeCursor, InvalidCursorError } from '../drivers/store/cursor'
import { problems } from '../errors'
import { readableDocument } from './access'
import type { Actor } from './actor'
import { atomsInReadingOrder } from './atoms'
import { documentsOldestFirst, studyScope } from './study'

/** A place in the card list: a document's id and the index of a card among that document's cards. */
const cardPlaceShape = ['string', 'number'] as const

const atomIdOf = (cardId: string) => cardId.slice(0, cardId.lastIndexOf('-'))

function matches(card: StudyCard, { state, due }: Pick<CardListQuery, 'state' | 'due'>, now: Date): boolean {
  if (state && !state.includes(card.state?.state ?? 'new')) return false
  if (due !== undefined && due !== (card.state !== null && isDue(card.state, now))) return false
  return true
}

/**
 * My cards in the documents asked for (or all I may read), documents oldest first and each in its reading
 * order, with my state of each. The cursor is a place in that order, so pages stay exact as I review.
 */
export async function listCards(drivers: Drivers, actor: Actor, query: CardListQuery, now = new Date()): Promise<Page<StudyCard>> {
  const after = decodeCursor(query.cursor, cardPlaceShape) as [string, number] | undefined
  const documentIds = await studyScope(drivers, actor, query.documentId, query.collectionId)
  const documents = await documentsOldestFirst(drivers, documentIds)
  const start = after ? documents.findIndex(document => document.id === after[0]) : 0
  // The cursor's document is gone or out of reach now: no place to go on from.
  if (start < 0) throw new InvalidCursorError()
  const items: StudyCard[] = []
  for (const document of documents.slice(start)) {
    const states = new Map((await drivers.store.cardStates.listByUser(actor.id, { documentIds: [document.id] })).map(state => [state.cardId, state]))
    const cards = (await atomsInReadingOrder(drivers, document.id)).flatMap(cardsOfAtom)
    for (let index = document.id === after?.[0] ? after[1] + 1 : 0; index < cards.length; index++) {
      const card = { ...cards[index]!, state: states.get(cards[index]!.cardId) ?? null }
      if (!matches(card, query, now)) continue
      if (items.length === query.limit) return { items, nextCursor: encodeCursor([document.id, index - 1]) }
      items.push(card)
    }
  }
  return { items }
}

/** One of my cards, as its atom has it now, with my state. */
export async function getCard(drivers: Drivers, actor: Actor, cardId: string): Promise<StudyCard> {
  const atom = await drivers.store.atoms.get(atomIdOf(cardId))
  const card = atom && cardsOfAtom(atom).find(candidate => candidate.cardId === cardId)
  // An unreadable card gets the same answer as a missing one, so nobody learns what others have.
  if (!card || !await readableDocument(drivers.store, actor, atom.documentId).then(() => true, () => false)) throw problems.notFound('card', cardId)
  const [state] = await drivers.store.cardStates.getMany(actor.id, [cardId])
  return { ...card, state: state ?? null }
}
