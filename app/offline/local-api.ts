import type { Atom, AtomLinks, AtomWithEmbedding } from '#shared/schemas/atom'
import type { CollectionView } from '#shared/schemas/collection'
import type { Page } from '#shared/schemas/common'
import type { DocumentView } from '#shared/schemas/document'
import type { CollectionGlossary, DocumentGlossary } from '#shared/schemas/glossary'
import type { SearchResult } from '#shared/schemas/search'
import type { StudyCardList } from '#shared/schemas/study'
import { nearDuplicates } from '#shared/utils/duplicates'
import { mergeGlossaries, termCardFilter } from '#shared/utils/glossary'
import { isDue } from '#shared/utils/study'
import * as api from '#shared/api/routes'
import { matchPath, type PathParams } from '#shared/api/paths'
import { rememberedUser } from './remembered-user'
import { queryList } from '~/utils/query'
import { offlineDatabase } from './db'
import { searchOffline } from './search'

type Query = Record<string, unknown> | undefined

/** What the app asked for is not on this device; shown like any API problem. */
export class NotAvailableOffline extends Error {
  readonly statusCode = 503
  readonly data = {
    type: '/problems/offline',
    title: 'Offline',
    status: 503,
    detail: 'You are offline, and this is not saved on this device. Mark documents “Available offline” to read them without a network.',
  }

  constructor() {
    super('not available offline')
    this.name = 'NotAvailableOffline'
  }
}

interface LocalRead {
  route: { method: 'get', path: string }
  answer: (params: Record<string, string>, query: Query) => Promise<unknown>
}

/** A read of the operation at this route, answered on the device; its handler sees the route's path parameters. */
const read = <Path extends string>(route: { method: 'get', path: Path }, answer: (params: PathParams<Path>, query: Query) => Promise<unknown>): LocalRead =>
  ({ route, answer: answer as LocalRead['answer'] })

/** The API's reads this device answers, by operation (shared/api/routes.ts), in the same shapes as the server. */
export const localReads: readonly LocalRead[] = [
  read(api.listDocuments, (_, query) => listDocuments(query)),
  read(api.getDocument, ({ id }) => documentView(id)),
  read(api.listDocumentAtoms, ({ id }, query) => documentAtoms(id, query)),
  read(api.getReadingOrder, ({ id }) => readingOrder(id)),
  read(api.getDocumentGlossary, ({ id }) => documentGlossary(id)),
  read(api.getAtom, ({ id }) => atom(id)),
  read(api.getAtomLinks, ({ id }) => atomLinks(id)),
  read(api.listCollections, () => listCollections()),
  read(api.getCollection, async ({ id }) => (await savedCollection(id)).view),
  read(api.listCollectionDocuments, ({ id }) => collectionDocuments(id)),
  read(api.listCollectionAtoms, ({ id }, query) => collectionAtoms(id, query)),
  read(api.getCollectionGlossary, ({ id }) => collectionGlossary(id)),
  read(api.searchAtoms, (_, query) => search(query)),
  read(api.listDueCards, (_, query) => dueCards(query)),
  read(api.suggestSearches, async () => ({ suggestions: [] })),
  // Invitations are kept on the server only, and accepted online: none to show offline.
  read(api.listInvitations, async () => ({ items: [] })),
]

const decoded = (params: Record<string, string>) => Object.fromEntries(Object.entries(params).map(([name, value]) => [name, decodeURIComponent(value)]))

/**
 * Answers a GET of the REST API from what this device keeps, in the same shapes the server uses, so pages
 * and stores need no second code path. Throws NotAvailableOffline for anything it cannot answer.
 */
export async function answerOffline(url: string, query: Query): Promise<unknown> {
  const path = decodeURI(new URL(url, 'http://local').pathname)
  for (const { route, answer } of localReads) {
    const params = matchPath(route.path, path)
    if (params) return answer(decoded(params), query)
  }
  throw new NotAvailableOffline()
}

async function listDocuments(query: Query): Promise<Page<DocumentView>> {
  // Mine or shared with me, as the server tells them apart: by the signed-in user, remembered on the device.
  const user = rememberedUser()
  const saved = (await offlineDatabase().documents.toArray()).filter(document => document.saved)
  const mine = query?.scope !== 'shared'
  const items = saved.map(document => document.view)
    .filter(view => (view.ownerId === user?.id) === mine)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
  return { items }
}

async function documentView(id: string): Promise<DocumentView> {
  const document = await offlineDatabase().documents.get(id)
  if (!document) throw new NotAvailableOffline()
  return document.view
}

async function documentAtoms(id: string, query: Query): Promise<Page<Atom>> {
  const limit = Number(query?.limit ?? 20)
  const from = Number(query?.cursor ?? 0)
  const atoms = await offlineDatabase().atoms.where('[documentId+order]').between([id, from], [id, Number.MAX_SAFE_INTEGER]).limit(limit + 1).toArray()
  if (atoms.length === 0 && !(await offlineDatabase().documents.get(id))?.saved) throw new NotAvailableOffline()
  const items = atoms.slice(0, limit)
  return { items, ...(atoms.length > limit && { nextCursor: String(atoms[limit]!.order) }) }
}

async function readingOrder(id: string): Promise<{ items: { id: string, title: string }[] }> {
  const document = await offlineDatabase().documents.get(id)
  if (document?.readingOrder) return { items: document.readingOrder }
  throw new NotAvailableOffline()
}

async function documentGlossary(id: string): Promise<DocumentGlossary> {
  const document = await offlineDatabase().documents.get(id)
  if (document?.glossary) return document.glossary
  throw new NotAvailableOffline()
}

async function atom(id: string): Promise<AtomWithEmbedding> {
  const found = await offlineDatabase().atoms.get(id)
  if (!found) throw new NotAvailableOffline()
  return found
}

/** Near-duplicates among the atoms of the other documents on this device, as the server finds them among the reader's. */
async function duplicatesOnDevice(found: AtomWithEmbedding): Promise<AtomLinks['duplicates']> {
  const documents = new Map((await offlineDatabase().documents.toArray()).map(document => [document.id, document.view]))
  // Only atoms with their document on this device count, as the server counts only documents the reader may read.
  const candidates = new Map((await offlineDatabase().atoms.toArray()).filter(other => documents.has(other.documentId)).map(other => [other.id, other]))
  return nearDuplicates(found, candidates.values()).map(({ id, score }) => {
    const other = candidates.get(id)!
    return { id, title: other.title, documentId: other.documentId, documentTitle: documents.get(other.documentId)!.title, score }
  })
}

/** The same links the server gives, among the atoms on this device. */
async function atomLinks(id: string): Promise<AtomLinks> {
  const found = await atom(id)
  const ids = [...new Set([...found.prerequisites, ...found.related.map(link => link.id), ...found.terms.flatMap(term => term.definedBy ?? [])])]
  const known = new Map((await offlineDatabase().atoms.bulkGet(ids)).filter(Boolean).map(other => [other!.id, other!]))
  return {
    prerequisites: found.prerequisites.filter(other => known.has(other)).map(other => ({ id: other, title: known.get(other)!.title })),
    related: found.related.filter(link => known.has(link.id)).map(link => ({ ...link, title: known.get(link.id)!.title })),
    definitions: found.terms.filter(term => term.definedBy && known.has(term.definedBy))
      .map(term => ({ term: term.term, id: term.definedBy!, title: known.get(term.definedBy!)!.title })),
    duplicates: await duplicatesOnDevice(found),
  }
}

async function listCollections(): Promise<Page<CollectionView>> {
  const saved = await offlineDatabase().collections.toArray()
  return { items: saved.map(collection => collection.view).sort((a, b) => b.createdAt.localeCompare(a.createdAt)) }
}

async function savedCollection(id: string) {
  const saved = await offlineDatabase().collections.get(id)
  if (!saved) throw new NotAvailableOffline()
  return saved
}

async function collectionDocuments(id: string): Promise<Page<DocumentView>> {
  const { documentIds } = await savedCollection(id)
  const documents = (await offlineDatabase().documents.bulkGet(documentIds)).filter(document => document !== undefined)
  return { items: documents.map(document => document.view).sort((a, b) => b.createdAt.localeCompare(a.createdAt)) }
}

/** As the server orders them: documents oldest first, each in its reading order, filtered by type and difficulty. */
async function collectionAtoms(id: string, query: Query): Promise<Page<Atom>> {
  const { documentIds } = await savedCollection(id)
  const types = queryList(query?.type)
  const difficulties = queryList(query?.difficulty)
  const documents = (await offlineDatabase().documents.bulkGet(documentIds)).filter(document => document !== undefined)
    .sort((a, b) => a.view.createdAt.localeCompare(b.view.createdAt))
  const atoms: Atom[] = []
  for (const document of documents) {
    const stored = new Map((await offlineDatabase().atoms.where('documentId').equals(document.id).toArray()).map(atom => [atom.id, atom]))
    const order = document.readingOrder?.map(item => item.id) ?? [...stored.values()].sort((a, b) => a.order - b.order).map(atom => atom.id)
    atoms.push(...order.flatMap(atomId => stored.get(atomId) ?? []))
  }
  return { items: atoms.filter(atom => (types.length === 0 || types.includes(atom.type)) && (difficulties.length === 0 || difficulties.includes(atom.difficultyLabel))) }
}

/** As the server merges them: each term once, from the saved documents' glossaries (oldest document first). */
async function collectionGlossary(id: string): Promise<CollectionGlossary> {
  const { view, documentIds } = await savedCollection(id)
  const documents = (await offlineDatabase().documents.bulkGet(documentIds)).filter(document => document !== undefined)
    .sort((a, b) => a.view.createdAt.localeCompare(b.view.createdAt))
  return { collectionId: id, name: view.name, items: mergeGlossaries(documents.map(document => document.glossary?.items ?? [])) }
}

async function search(query: Query): Promise<SearchResult> {
  const documentIds = query?.collectionId ? (await savedCollection(String(query.collectionId))).documentIds : undefined
  return searchOffline(String(query?.q ?? ''), {
    documentIds,
    type: queryList(query?.type),
    difficulty: queryList(query?.difficulty),
    limit: Number(query?.limit ?? 20),
    offset: Number(query?.offset ?? 0),
  })
}

/** As the server picks them: due cards (oldest due first), then cards never reviewed, in reading order; optionally only some terms' or one atom's cards. */
async function dueCards(query: Query): Promise<StudyCardList> {
  const database = offlineDatabase()
  let documentIds: string[] | undefined
  if (query?.collectionId) documentIds = (await savedCollection(String(query.collectionId))).documentIds
  if (query?.documentId) documentIds = [String(query.documentId)].filter(id => !documentIds || documentIds.includes(id))
  const wanted = termCardFilter(queryList(query?.terms))
  const atomId = query?.atomId === undefined ? undefined : String(query.atomId)
  const cards = (documentIds ? await database.cards.where('documentId').anyOf(documentIds).toArray() : await database.cards.toArray())
    .filter(card => wanted(card.card) && (atomId === undefined || card.atomId === atomId))
  const now = new Date()
  const due = cards.filter(card => card.state && isDue(card.state, now)).sort((a, b) => a.state!.due.localeCompare(b.state!.due))
  const documents = new Map((await database.documents.toArray()).map(document => [document.id, document.view.createdAt]))
  const fresh = cards.filter(card => !card.state)
    .sort((a, b) => (documents.get(a.documentId) ?? '').localeCompare(documents.get(b.documentId) ?? '') || a.position - b.position)
  const limit = Number(query?.limit ?? 100)
  const newLimit = Number(query?.newLimit ?? 20)
  return { items: [...due.slice(0, limit), ...fresh.slice(0, newLimit)].map(({ position: _position, ...card }) => card) }
}
