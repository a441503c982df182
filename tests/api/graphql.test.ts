import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { markdownChapter, uniqueWord } from '../support/content'
import { subscribe } from '../support/graphql'
import { ApiClient, signedInClient } from '../support/http'
import persistedOperations from '../../server/graphql/persisted-operations.json'

type Json = any // eslint-disable-line @typescript-eslint/no-explicit-any

/** POST /api/graphql as this client (signed in or not). */
async function graphql(client: ApiClient, query: string, variables: Record<string, unknown> = {}) {
  const response = await client.request('POST', '/api/graphql', { json: { query, variables } })
  expect(response.status, JSON.stringify(response.data)).toBe(200)
  return response.data as { data?: Json, errors?: Json[] }
}

/** Data of an operation that must succeed. */
async function data(client: ApiClient, query: string, variables: Record<string, unknown> = {}) {
  const result = await graphql(client, query, variables)
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined()
  return result.data
}

const codes = (result: { errors?: Json[] }) => result.errors?.map(error => error.extensions?.code)

/** Sections of two paragraphs each, so an atom can be split between them. */
function twoParagraphChapter(word: string) {
  const sections = ['Light reactions', 'Calvin cycle', 'Respiration'].map((heading, i) => [
    `## ${heading}`,
    `The ${heading.toLowerCase()} stage is where ${i === 0 ? word : 'energy'} matters most, and this first paragraph introduces it with enough words to stand alone as one idea for a reader.`,
    `A second paragraph adds an example of the ${heading.toLowerCase()} so that the section has two parts, each long enough to be an atom if an author decides to split them apart.`,
  ].join('\n\n'))
  return `# Energy\n\n${sections.join('\n\n')}\n`
}

const atomFields = 'id documentId order title type body prerequisites { id title document { id } } related { score atom { id } } terms { term definedBy { id } } cards { type front back } document { id title status }'

describe('GraphQL API', () => {
  it('answers queries with what REST answers: documents, their atoms and links, search, cards, collections and me', async () => {
    const { client, user } = await signedInClient('gql-reader')
    const word = uniqueWord()
    const document = await client.uploadReady('graph.md', markdownChapter(word, 6))
    const restAtoms = await client.getAll(`/api/v1/documents/${document.id}/atoms`)

    const { me } = await data(client, '{ me { id name role } }')
    expect(me).toEqual({ id: user.id, name: 'gql-reader', role: user.role })

    const { document: found } = await data(client, `query($id: ID!) { document(id: $id) { id title status progress atomCount collectionId atoms(first: 3) { items { ${atomFields} } nextCursor } } }`, { id: document.id })
    expect(found).toMatchObject({ id: document.id, title: document.title, status: 'ready', progress: 1, atomCount: restAtoms.length, collectionId: null })
    expect(found.atoms.items.map((atom: Json) => atom.id)).toEqual(restAtoms.slice(0, 3).map(atom => atom.id))
    const next = await data(client, `query($id: ID!, $after: String) { document(id: $id) { atoms(first: 100, after: $after) { items { id } nextCursor } } }`, { id: document.id, after: found.atoms.nextCursor })
    expect(next.document.atoms).toEqual({ items: restAtoms.slice(3).map(atom => ({ id: atom.id })), nextCursor: null })

    const linked = restAtoms.find(atom => atom.prerequisites.length > 0) ?? restAtoms[0]
    const { atom } = await data(client, `query($id: ID!) { atom(id: $id) { ${atomFields} } }`, { id: linked.id })
    expect(atom).toMatchObject({ id: linked.id, title: linked.title, body: linked.body, document: { id: document.id, status: 'ready' } })
    expect(atom.prerequisites.map((other: Json) => other.id)).toEqual(linked.prerequisites)
    expect(atom.related.map((link: Json) => link.atom.id)).toEqual(linked.related.map((link: Json) => link.id))

    const { documents } = await data(client, '{ documents(first: 10) { items { id } nextCursor } }')
    expect(documents).toEqual({ items: [{ id: document.id }], nextCursor: null })

    const rest = await client.get(`/api/v1/search?q=${word}`)
    const { search } = await data(client, 'query($q: String!) { search(q: $q, type: [concept, definition, example, procedure, fact, summary, exercise, other]) { total items { score highlights atom { id } } } }', { q: word })
    expect(search.total).toBe(rest.data.total)
    expect(search.items.map((hit: Json) => hit.atom.id)).toEqual(rest.data.items.map((hit: Json) => hit.atom.id))
    expect(search.items[0].highlights.join(' ')).toContain(`<mark>${word}</mark>`)

    const due = await client.get(`/api/v1/study/due?documentId=${document.id}&limit=5`)
    const { dueCards } = await data(client, 'query($id: ID) { dueCards(documentId: $id, limit: 5) { cardId atomId atomTitle card { front } state { due } atom { id } } }', { id: document.id })
    expect(dueCards.map((card: Json) => card.cardId)).toEqual(due.data.items.map((card: Json) => card.cardId))
    expect(dueCards[0]).toMatchObject({ atomId: due.data.items[0].atomId, state: null, atom: { id: due.data.items[0].atomId } })

    const created = await client.post('/api/v1/collections', { name: 'Biology' })
    await client.put(`/api/v1/documents/${document.id}/collection`, { collectionId: created.data.id })
    const { collections, collection } = await data(client, 'query($id: ID!) { collections { items { id name role documentCount } } collection(id: $id) { name documents { items { id collectionId } } } }', { id: created.data.id })
    expect(collections.items).toEqual([{ id: created.data.id, name: 'Biology', role: 'owner', documentCount: 1 }])
    expect(collection).toEqual({ name: 'Biology', documents: { items: [{ id: document.id, collectionId: created.data.id }] } })
  })

  it('uploads text as a multipart upload would, and edits, splits and merges its atoms and records reviews', async () => {
    const { client } = await signedInClient('gql-author')
    const word = uniqueWord()
    const { uploadText } = await data(client, 'mutation($title: String!, $text: String!) { uploadText(title: $title, text: $text) { id title status filename format } }', { title: 'Energy: two parts', text: twoParagraphChapter(word) })
    expect(uploadText).toMatchObject({ title: 'Energy: two parts', status: 'queued', filename: 'energy-two-parts.md', format: 'markdown' })
    const document = await client.waitForDocument(uploadText.id)
    expect(document).toMatchObject({ status: 'ready', title: 'Energy: two parts' })
    const atoms = await client.getAll(`/api/v1/documents/${document.id}/atoms`)
    const target = atoms.find(atom => atom.body.includes('\n\n'))
    expect(target, 'an atom of two paragraphs').toBeDefined()

    const { editAtom } = await data(client, 'mutation($id: ID!, $input: AtomEditInput!) { editAtom(id: $id, input: $input) { id title type } }', { id: target.id, input: { title: 'Edited title', type: 'example', body: null } })
    expect(editAtom).toEqual({ id: target.id, title: 'Edited title', type: 'example' })
    expect((await client.get(`/api/v1/atoms/${target.id}`)).data).toMatchObject({ title: 'Edited title', type: 'example' })

    const { splitAtom } = await data(client, 'mutation($id: ID!, $offset: Int!) { splitAtom(id: $id, offset: $offset) { id order body } }', { id: target.id, offset: target.body.indexOf('\n\n') + 2 })
    expect(splitAtom).toHaveLength(2)
    expect(splitAtom[0].id).toBe(target.id)
    expect(splitAtom[1].order).toBe(splitAtom[0].order + 1)
    const { mergeAtoms } = await data(client, 'mutation($ids: [ID!]!) { mergeAtoms(ids: $ids) { id body } }', { ids: [splitAtom[0].id, splitAtom[1].id] })
    expect(mergeAtoms.id).toBe(target.id)
    expect((await client.getAll(`/api/v1/documents/${document.id}/atoms`)).length).toBe(atoms.length)

    const badSplit = await graphql(client, 'mutation($id: ID!) { splitAtom(id: $id, offset: 3) { id } }', { id: target.id })
    expect(badSplit.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', status: 422, errors: [expect.objectContaining({ path: 'offset' })] })

    const { dueCards } = await data(client, 'query($id: ID) { dueCards(documentId: $id, limit: 1) { cardId atomId } }', { id: document.id })
    const review = { id: randomUUID(), cardId: dueCards[0].cardId, atomId: dueCards[0].atomId, rating: 3, reviewedAt: new Date().toISOString() }
    const record = 'mutation($reviews: [ReviewInput!]!) { recordReviews(reviews: $reviews) { accepted duplicates states { cardId state } } }'
    const { recordReviews } = await data(client, record, { reviews: [review] })
    expect(recordReviews).toEqual({ accepted: [review.id], duplicates: [], states: [{ cardId: review.cardId, state: 'learning' }] })
    expect((await data(client, record, { reviews: [review] })).recordReviews).toMatchObject({ accepted: [], duplicates: [review.id] })
    // Graded on the card as never reviewed (an explicit null), after the review above: refused as stale.
    const stale = await graphql(client, record, { reviews: [{ ...review, id: randomUUID(), previousReviewAt: null }] })
    expect(stale.errors![0].extensions).toMatchObject({ code: 'CONFLICT', status: 409, type: '/problems/stale-review', errors: [{ path: 'reviews.0.previousReviewAt' }] })
    const rebased = { ...review, id: randomUUID(), previousReviewAt: review.reviewedAt }
    expect((await data(client, record, { reviews: [rebased] })).recordReviews).toMatchObject({ accepted: [rebased.id] })
    const invalid = await graphql(client, record, { reviews: [{ ...review, id: 'not-a-uuid', rating: 7 }] })
    expect(invalid.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', status: 422 })

    const empty = await graphql(client, 'mutation { uploadText(title: "Empty", text: "   ") { id } }')
    expect(empty.errors![0]).toMatchObject({ message: 'The file is empty.', extensions: { code: 'BAD_USER_INPUT', status: 400 } })
  })

  it('streams a new document\'s atoms and progress up to ready over server-sent events', async () => {
    const { client } = await signedInClient('gql-live')
    const { uploadText } = await data(client, 'mutation($text: String!) { uploadText(title: "Live", text: $text) { id } }', { text: markdownChapter(uniqueWord(), 8) })
    const id = uploadText.id
    const [progress, batches] = await Promise.all([
      subscribe(client, 'subscription($id: ID!) { documentProgress(documentId: $id) { id status progress atomCount } }', { id },
        payloads => payloads.some(payload => payload.data?.documentProgress.status === 'ready')),
      subscribe(client, 'subscription($id: ID!) { atomsCreated(documentId: $id) { documentId atoms { id title document { id } } } }', { id },
        payloads => new Set(payloads.flatMap(payload => payload.data?.atomsCreated.atoms.map((atom: Json) => atom.id) ?? [])).size >= 8),
    ])
    const states = progress.map(payload => payload.data.documentProgress)
    expect(states.at(-1)).toMatchObject({ id, status: 'ready', progress: 1 })
    const restAtoms = await client.getAll(`/api/v1/documents/${id}/atoms`)
    expect(states.at(-1).atomCount).toBe(restAtoms.length)
    const streamed = new Set(batches.flatMap(payload => payload.data.atomsCreated.atoms.map((atom: Json) => atom.id)))
    expect([...streamed].sort()).toEqual(restAtoms.map(atom => atom.id).sort())
    expect(batches[0].data.atomsCreated.atoms[0].document).toEqual({ id })
  })

  it('refuses private data without a session, and another user\'s documents, atoms and subscriptions', async () => {
    const anonymous = await graphql(new ApiClient(), '{ me { id } documents { items { id } } }')
    expect(anonymous.data).toBeNull()
    expect(codes(anonymous)).toContain('UNAUTHENTICATED')

    const { client: owner } = await signedInClient('gql-owner')
    const { client: stranger } = await signedInClient('gql-stranger')
    const document = await owner.uploadReady('private.md', markdownChapter(uniqueWord(), 3))
    const [atom] = await owner.getAll(`/api/v1/documents/${document.id}/atoms`)
    const refused = await graphql(stranger, 'query($d: ID!, $a: ID!) { document(id: $d) { title } atom(id: $a) { title } }', { d: document.id, a: atom.id })
    expect(refused.data).toEqual({ document: null, atom: null })
    expect(codes(refused)).toEqual(['NOT_FOUND', 'NOT_FOUND'])
    expect((await data(stranger, '{ documents { items { id } } }')).documents.items).toEqual([])

    const stream = await subscribe(stranger, 'subscription($id: ID!) { documentProgress(documentId: $id) { status } }', { id: document.id }, () => false, 5_000)
    expect(stream).toEqual([expect.objectContaining({ errors: [expect.objectContaining({ extensions: expect.objectContaining({ code: 'NOT_FOUND' }) })] })])
  })

  it('refuses operations past the depth, cost and alias limits, and runs persisted operations by hash', async () => {
    const { client, user } = await signedInClient('gql-limits')
    const deep = await graphql(client, `{ atom(id: "x") { ${'prerequisites { '.repeat(10)}id${' }'.repeat(10)} } }`)
    expect(deep.errors![0].message).toMatch(/depth limit of 10 exceeded/)
    const costly = await graphql(client, '{ documents(first: 100) { items { atoms(first: 100) { items { id text } } } } }')
    expect(costly.errors![0].message).toMatch(/Cost limit of 20000 exceeded/)
    const aliases = await graphql(client, `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: me { id }`).join(' ')} }`)
    expect(aliases.errors![0].message).toMatch(/Aliases limit of 15 exceeded/)

    const [hash] = Object.entries(persistedOperations).find(([, text]) => text.startsWith('query Me '))!
    const persisted = await client.request('POST', '/api/graphql', { json: { extensions: { persistedQuery: { version: 1, sha256Hash: hash } } } })
    expect(persisted.data).toEqual({ data: { me: expect.objectContaining({ id: user.id }) } })
    const byGet = await client.get(`/api/graphql?query=${encodeURIComponent('{ me { id } }')}`)
    expect(byGet.data).toEqual({ data: { me: { id: user.id } } })
  })
})
