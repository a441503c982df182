import { beforeAll, describe, expect, it } from 'vitest'
import { glossaryChapter } from '../support/content'
import { shareAndAccept, signedInClient, type ApiClient } from '../support/http'
import { expectProblem } from '../support/problems'

type Json = any // eslint-disable-line @typescript-eslint/no-explicit-any

const patch = (client: ApiClient, id: string, json: unknown) => client.request('PATCH', `/api/v1/atoms/${id}`, { json })
const keys = (items: Json[]) => items.map(item => item.key)

async function graphql(client: ApiClient, query: string, variables: Record<string, unknown> = {}) {
  const response = await client.request('POST', '/api/graphql', { json: { query, variables } })
  expect(response.status, JSON.stringify(response.data)).toBe(200)
  expect(response.data.errors, JSON.stringify(response.data.errors)).toBeUndefined()
  return response.data.data
}

describe('glossaries', () => {
  let alice: ApiClient
  let bob: ApiClient
  let bobEmail: string

  beforeAll(async () => {
    alice = (await signedInClient('glossary-author')).client
    const other = await signedInClient('glossary-reader', 'learner')
    bob = other.client
    bobEmail = other.email
  })

  async function documentWithAtoms(title = 'Cells', collectionId?: string) {
    const document = await alice.uploadReady('cells.md', glossaryChapter(title), { ...(collectionId && { collectionId }) })
    const atoms = await alice.getAll(`/api/v1/documents/${document.id}/atoms`)
    const titled = (name: string) => atoms.find(atom => atom.title === name)
    return { id: document.id as string, atoms, titled }
  }

  it('lists a document\'s key terms best first, each with its score, definition and the atom defining it', async () => {
    const { id, titled } = await documentWithAtoms()
    const response = await alice.get(`/api/v1/documents/${id}/glossary`)
    expect(response.status).toBe(200)
    expect(response.data).toMatchObject({ documentId: id, title: 'Cells' })
    const { items } = response.data
    // As the worker chooses them, with the key-term model: the terms the chapter defines and the membrane it is about.
    expect(keys(items)).toEqual(['osmosis', 'membrane', 'cell membrane', 'active transport'])
    expect(items[0]).toEqual({
      term: 'osmosis', key: 'osmosis', score: expect.any(Number), definition: 'the diffusion of water across a membrane from a dilute solution to a concentrated one',
      atomId: titled('Osmosis').id, atomTitle: 'Osmosis', documentId: id, documentTitle: 'Cells',
    })
    expect(items.find((item: Json) => item.key === 'cell membrane')).toMatchObject({ atomId: titled('The membrane').id, definition: 'a thin barrier that surrounds every cell and controls what enters and leaves it' })
    expect(items.find((item: Json) => item.key === 'membrane')).toMatchObject({ definition: null, atomId: titled('The membrane').id })
    expect(items.map((item: Json) => item.score)).toEqual([...items.map((item: Json) => item.score)].sort((a, b) => b - a))
    for (const item of items) expect(item.score).toBeGreaterThan(0)
  })

  it('answers 404 to whoever may not read the document or collection, and 422 to a malformed id', async () => {
    const { id } = await documentWithAtoms()
    const collection = (await alice.post('/api/v1/collections', { name: 'Private biology' })).data
    expectProblem(await bob.get(`/api/v1/documents/${id}/glossary`), 404)
    expectProblem(await bob.get(`/api/v1/collections/${collection.id}/glossary`), 404)
    expectProblem(await alice.get('/api/v1/documents/no-such-document/glossary'), 404)
    expectProblem(await alice.get('/api/v1/documents/bad%20id/glossary'), 422)
    await shareAndAccept(alice, bob, `/api/v1/documents/${id}/shares`, { email: bobEmail })
    expect((await bob.get(`/api/v1/documents/${id}/glossary`)).data.items).toHaveLength(4)
  })

  it('merges a collection\'s documents: each term once, a defined entry before an undefined one', async () => {
    const collection = (await alice.post('/api/v1/collections', { name: 'Biology' })).data
    const first = await documentWithAtoms('Cells', collection.id)
    const plants = await alice.uploadReady('plants.md', '# Plants\n\nPlant cells have a cell wall around the cell membrane. Osmosis fills the vacuole of plant cells with water, and the cell wall holds it.\n\nA vacuole is a sac of fluid inside a plant cell, and the cell wall is a rigid layer around it.', { collectionId: collection.id })
    await shareAndAccept(alice, bob, `/api/v1/collections/${collection.id}/shares`, { email: bobEmail, role: 'viewer' })
    const response = await bob.get(`/api/v1/collections/${collection.id}/glossary`)
    expect(response.status).toBe(200)
    expect(response.data).toMatchObject({ collectionId: collection.id, name: 'Biology' })
    const { items } = response.data
    expect(new Set(keys(items)).size).toBe(items.length)
    expect(keys(items)).toEqual(expect.arrayContaining(['cell membrane', 'osmosis', 'vacuole', 'cell wall']))
    expect(items.find((item: Json) => item.key === 'osmosis')).toMatchObject({ documentId: first.id, documentTitle: 'Cells', definition: expect.stringMatching(/^the diffusion/) })
    expect(items.find((item: Json) => item.key === 'vacuole')).toMatchObject({ documentId: plants.id, documentTitle: 'Plants' })
    expect(items.map((item: Json) => item.score)).toEqual([...items.map((item: Json) => item.score)].sort((a, b) => b - a))
  })

  it('keeps authors\' corrections: labels recorded, reflected at once, and still there after reprocessing', async () => {
    const { id, titled } = await documentWithAtoms()
    const transport = titled('Active transport')
    const terms = transport.terms.map((term: Json) => term.term).filter((term: string) => term !== 'pumps')
    const definition = 'a difference in concentration between two places'
    const edited = await patch(alice, transport.id, {
      terms: [...terms, 'concentration gradient'],
      definitions: [{ term: 'concentration gradient', meaning: definition }, { term: 'osmosis', meaning: '' }],
    })
    expect(edited.status, JSON.stringify(edited.data)).toBe(200)
    expect(edited.data.definitions).toContainEqual({ term: 'concentration gradient', meaning: definition })
    expect(edited.data.cards).toContainEqual({ type: 'definition', front: 'concentration gradient', back: definition })

    const expectCorrected = async () => {
      const { items } = (await alice.get(`/api/v1/documents/${id}/glossary`)).data
      expect(keys(items)).not.toContain('pump')
      expect(items.find((item: Json) => item.key === 'concentration gradient')).toMatchObject({ score: 1, definition, atomId: transport.id, atomTitle: 'Active transport' })
      // The osmosis atom still defines it.
      expect(items.find((item: Json) => item.key === 'osmosis')).toMatchObject({ atomId: titled('Osmosis').id, definition: expect.stringMatching(/^the diffusion/) })
      const atoms = await alice.getAll(`/api/v1/documents/${id}/atoms`)
      expect(atoms.flatMap(atom => atom.terms.map((term: Json) => term.key))).not.toContain('pump')
    }
    await expectCorrected()

    expect((await alice.post(`/api/v1/documents/${id}/reprocess`)).status).toBe(202)
    expect((await alice.waitForDocument(id)).status).toBe('ready')
    await expectCorrected()
  })

  it('gives an edited body the document\'s key terms it now uses, pointing at the atoms that define them; the glossary stays as it was', async () => {
    const { id, titled } = await documentWithAtoms()
    const osmosis = titled('Osmosis')
    expect(keys(osmosis.terms)).not.toContain('active transport')
    const body = `${osmosis.body}\n\nUnlike active transport, osmosis needs no energy from the cell.`
    const edited = await patch(alice, osmosis.id, { body })
    expect(edited.status, JSON.stringify(edited.data)).toBe(200)
    expect(edited.data.terms).toContainEqual({ term: 'active transport', key: 'active transport', definedBy: titled('Active transport').id })
    expect(keys(edited.data.terms)).toEqual(expect.arrayContaining(keys(osmosis.terms)))
    // The document's glossary is the same: nobody corrected a key term.
    expect(keys((await alice.get(`/api/v1/documents/${id}/glossary`)).data.items)).toEqual(['osmosis', 'membrane', 'cell membrane', 'active transport'])
  })

  it('refuses definitions of terms the atom does not have, and corrections by readers', async () => {
    const { id, titled } = await documentWithAtoms()
    const osmosis = titled('Osmosis')
    const refused = await patch(alice, osmosis.id, { definitions: [{ term: 'photosynthesis', meaning: 'making sugar from light' }] })
    expectProblem(refused, 422)
    expect(refused.data.errors).toEqual([{ path: 'definitions.0.term', message: expect.stringContaining('photosynthesis') }])
    expectProblem(await patch(alice, osmosis.id, { definitions: [{ term: 'osmosis', meaning: 'x'.repeat(1001) }] }), 422)
    await shareAndAccept(alice, bob, `/api/v1/documents/${id}/shares`, { email: bobEmail })
    expectProblem(await patch(bob, osmosis.id, { terms: [] }), 403)
    expect((await alice.get(`/api/v1/documents/${id}/glossary`)).data.items).toHaveLength(4)
  })

  it('starts a study session over the cards of some terms', async () => {
    const { id } = await documentWithAtoms()
    const all = await alice.get(`/api/v1/study/due?documentId=${id}&newLimit=100`)
    const some = await alice.get(`/api/v1/study/due?documentId=${id}&newLimit=100&terms=osmosis,active%20transport`)
    expect(some.status).toBe(200)
    expect(some.data.items.length).toBeGreaterThanOrEqual(2)
    expect(some.data.items.length).toBeLessThan(all.data.items.length)
    for (const { card } of some.data.items) expect(['osmosis', 'active transport']).toContain((card.type === 'cloze' ? card.back : card.front).toLowerCase())
    const many = Array.from({ length: 101 }, (_, i) => `term${i}`).join(',')
    expectProblem(await alice.get(`/api/v1/study/due?terms=${many}`), 422)
    // At the limits (100 terms of 80 UTF-16 units, each emoji percent-encoded as 12 characters) the request is read and answered.
    const longest = Array.from({ length: 100 }, () => '\u{1F600}'.repeat(40)).join(',')
    expect((await alice.get(`/api/v1/study/due?documentId=${id}&terms=${encodeURIComponent(longest)}`)).status).toBe(200)
    // Past the head the server reads, problem details as for every error, with a request id to quote.
    const refused = await alice.get(`/api/v1/study/due?terms=${'x'.repeat(70 * 1024)}`)
    expect(refused.status).toBe(431)
    expect(refused.type).toMatch(/^application\/problem\+json/)
    expect(refused.data).toMatchObject({ type: '/problems/request-head-too-large', status: 431, requestId: refused.headers.get('x-request-id') })
    expect((await alice.get(`/api/v1/study/due?documentId=${id}`)).status).toBe(200)
  })

  it('answers the same over GraphQL: a document\'s keyTerms, a collection\'s glossary, definitions in editAtom and dueCards by terms', async () => {
    const collection = (await alice.post('/api/v1/collections', { name: 'Biology over GraphQL' })).data
    const { id, titled } = await documentWithAtoms('Cells', collection.id)
    const rest = (await alice.get(`/api/v1/documents/${id}/glossary`)).data.items
    const { document } = await graphql(alice, 'query($id: ID!) { document(id: $id) { keyTerms { term key score definition atomId atom { id title } } } }', { id })
    expect(document.keyTerms).toEqual(rest.map((item: Json) => ({
      term: item.term, key: item.key, score: item.score, definition: item.definition, atomId: item.atomId, atom: { id: item.atomId, title: item.atomTitle },
    })))
    const { collection: merged } = await graphql(alice, 'query($id: ID!) { collection(id: $id) { glossary { key definition atomTitle documentId documentTitle } } }', { id: collection.id })
    expect(merged.glossary).toHaveLength(rest.length)
    expect(merged.glossary[0]).toEqual({ key: 'osmosis', definition: rest[0].definition, atomTitle: 'Osmosis', documentId: id, documentTitle: 'Cells' })

    const osmosis = titled('Osmosis')
    const { editAtom } = await graphql(alice, 'mutation($id: ID!, $input: AtomEditInput!) { editAtom(id: $id, input: $input) { definitions { term meaning } } }',
      { id: osmosis.id, input: { definitions: [{ term: 'osmosis', meaning: 'water crossing a membrane' }] } })
    expect(editAtom.definitions).toEqual([{ term: 'osmosis', meaning: 'water crossing a membrane' }])
    const { document: after } = await graphql(alice, 'query($id: ID!) { document(id: $id) { keyTerms { key definition } } }', { id })
    expect(after.keyTerms.find((term: Json) => term.key === 'osmosis').definition).toBe('water crossing a membrane')

    const { dueCards } = await graphql(alice, 'query($id: ID!) { dueCards(documentId: $id, terms: ["osmosis"], newLimit: 100) { card { type front back } } }', { id })
    expect(dueCards.length).toBeGreaterThanOrEqual(1)
    for (const { card } of dueCards) expect((card.type === 'cloze' ? card.back : card.front).toLowerCase()).toBe('osmosis')
  })
})
