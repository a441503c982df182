import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { markdownBook, uniqueWord } from '../support/content'
import { shareAndAccept, signedInClient, type ApiClient } from '../support/http'
import { LiveClient } from '../support/live'
import { expectProblem } from '../support/problems'

type Json = any // eslint-disable-line @typescript-eslint/no-explicit-any

const sections = [
  ['Light reactions', 'Chlorophyll in the thylakoid membranes absorbs sunlight and splits water, releasing oxygen as a by-product of the reaction.'],
  ['Calvin cycle', 'In the stroma, the enzyme rubisco fixes carbon dioxide into sugars, using the energy carriers made by the light reactions.'],
  ['Cellular respiration', 'Mitochondria break glucose down again, and the energy released is stored in molecules of adenosine triphosphate.'],
  ['Fermentation', 'Without oxygen, yeast and muscle cells fall back on fermentation, which yields far less energy per molecule of glucose.'],
  ['Enzymes', 'Enzymes are proteins that lower the activation energy of reactions, and each works best at its own temperature and acidity.'],
]

/** A chapter of five sections of two paragraphs each (one atom a section); each paragraph names a word of its own. */
function chapter() {
  const words = sections.map(() => [uniqueWord('alpha'), uniqueWord('beta')] as const)
  const parts = ['# Energy in living things']
  sections.forEach(([heading, sentence], i) => {
    parts.push(`## ${heading}`)
    parts.push(`${sentence} The first paragraph of this section names ${words[i]![0]} so that a search can find it here.`)
    parts.push(`A second paragraph adds a worked example and names ${words[i]![1]}, which students often draw as a diagram with labels.`)
  })
  return { markdown: `${parts.join('\n\n')}\n`, words }
}

const patch = (client: ApiClient, id: string, json: unknown) => client.request('PATCH', `/api/v1/atoms/${id}`, { json })

async function searchIds(client: ApiClient, q: string): Promise<string[]> {
  const response = await client.get(`/api/v1/search?q=${encodeURIComponent(q)}`)
  expect(response.status).toBe(200)
  return response.data.items.map((item: Json) => item.atom.id)
}

const links = (atom: Json): string[] => [...atom.prerequisites, ...atom.related.map((link: Json) => link.id), ...atom.terms.flatMap((term: Json) => term.definedBy ?? [])]

describe('authors edit, split and merge atoms', () => {
  let alice: ApiClient
  let bob: ApiClient
  let bobEmail: string
  const sockets: LiveClient[] = []

  beforeAll(async () => {
    alice = (await signedInClient('editor')).client
    const signedIn = await signedInClient('other')
    bob = signedIn.client
    bobEmail = signedIn.email
  })

  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close()
  })

  /** A fresh ready document of Alice's with its atoms in reading order. */
  async function document() {
    const { markdown, words } = chapter()
    const ready = await alice.uploadReady('editing.md', markdown)
    const atoms = await alice.getAll(`/api/v1/documents/${ready.id}/atoms`)
    expect(atoms).toHaveLength(sections.length)
    return { id: ready.id as string, atoms, words }
  }

  async function atomsOf(documentId: string) {
    const atoms = await alice.getAll(`/api/v1/documents/${documentId}/atoms`)
    expect(atoms.map(atom => atom.order)).toEqual(atoms.map((_, i) => i))
    const { data } = await alice.get(`/api/v1/documents/${documentId}`)
    expect(data.atomCount).toBe(atoms.length)
    return atoms
  }

  it('patches title, type and body: same id, sanitized HTML, recomputed text, and search follows', async () => {
    const { atoms, words } = await document()
    const target = atoms[1]
    const added = uniqueWord('gamma')
    const body = `Rubisco is the enzyme that fixes carbon dioxide; ${added} is the new word of this atom.\n\n<script>alert("x")</script>\n\nIt works <b onmouseover="alert(1)">slowly</b> [here](javascript:alert(1)).`
    const response = await patch(alice, target.id, { title: 'Fixing carbon', type: 'definition', body })
    expect(response.status, JSON.stringify(response.data)).toBe(200)
    const edited = response.data
    expect(edited).toMatchObject({ id: target.id, order: target.order, documentId: target.documentId, title: 'Fixing carbon', type: 'definition' })
    expect(edited.html).toContain(added)
    expect(edited.html).not.toMatch(/<script|onmouseover|javascript:|alert\("x"\)/i)
    expect(edited.body).not.toMatch(/<script/i)
    expect(edited.text).toContain(added)
    expect(edited.text).not.toContain(words[1]![0])
    expect(edited.wordCount).toBeGreaterThan(10)
    expect(edited.wordCount).not.toBe(target.wordCount)

    expect((await alice.get(`/api/v1/atoms/${target.id}`)).data).toEqual(edited)
    expect(await searchIds(alice, added)).toEqual([target.id])
    expect(await searchIds(alice, words[1]![0])).toEqual([])
    expect(await searchIds(alice, words[1]![1])).toEqual([])

    const terms = await patch(alice, target.id, { terms: ['rubisco', 'carbon dioxide'] })
    expect(terms.data.terms.map((term: Json) => term.term)).toEqual(['rubisco', 'carbon dioxide'])
    expect(terms.data).toMatchObject({ id: target.id, title: 'Fixing carbon', type: 'definition' })

    const invalid = expectProblem(await patch(alice, target.id, { title: '', type: 'poem' }), 422)
    expect(invalid.errors!.map(error => error.path).sort()).toEqual(['title', 'type'])
    expectProblem(await patch(alice, target.id, {}), 422)
    expectProblem(await patch(alice, 'no-such-atom', { title: 'x' }), 404)
  })

  it('splits at a paragraph boundary: the first part keeps the id, the second is new, orders stay consecutive', async () => {
    const { id, atoms } = await document()
    const target = atoms[2]
    const offset = target.body.indexOf('\n\n') + 2
    expect(offset).toBeGreaterThan(2)

    const bad = expectProblem(await alice.post(`/api/v1/atoms/${target.id}/split`, { offset: 5 }), 422)
    expect(bad.detail).toMatch(/paragraph boundary/)
    expectProblem(await alice.post(`/api/v1/atoms/${target.id}/split`, { offset: target.body.length + 10 }), 422)
    expectProblem(await alice.post(`/api/v1/atoms/${target.id}/split`, { offset: 0 }), 422)

    const response = await alice.post(`/api/v1/atoms/${target.id}/split`, { offset })
    expect(response.status, JSON.stringify(response.data)).toBe(200)
    const [first, second] = response.data.items
    expect(first).toMatchObject({ id: target.id, order: target.order, title: target.title, body: target.body.slice(0, offset).trim() })
    expect(second).toMatchObject({ order: target.order + 1, documentId: id, body: target.body.slice(offset).trim() })
    expect(second.id).not.toBe(target.id)
    expect(second.title.length).toBeGreaterThan(0)
    expect(second.html).toContain('second paragraph')

    const after = await atomsOf(id)
    expect(after.map(atom => atom.id)).toEqual([...atoms.slice(0, 3).map(atom => atom.id), second.id, ...atoms.slice(3).map(atom => atom.id)])
    expect(after[2]).toEqual(first)
    expect(after[3]).toEqual(second)
    expect((await alice.get(`/api/v1/atoms/${second.id}`)).data).toEqual(second)
    expect(await searchIds(alice, 'worked example diagram')).toContain(second.id)
  })

  it('merges two adjacent atoms into the first: the second is gone and links to it point at the first', async () => {
    const { id, atoms, words } = await document()
    const [first, second] = [atoms[1], atoms[2]]
    expectProblem(await alice.post('/api/v1/atoms/merge', { ids: [atoms[0].id, atoms[2].id] }), 422)
    expectProblem(await alice.post('/api/v1/atoms/merge', { ids: [second.id, first.id] }), 422)
    expectProblem(await alice.post('/api/v1/atoms/merge', { ids: [first.id, first.id] }), 422)
    const linkedBefore = atoms.filter(atom => links(atom).includes(second.id)).map(atom => atom.id)

    const response = await alice.post('/api/v1/atoms/merge', { ids: [first.id, second.id] })
    expect(response.status, JSON.stringify(response.data)).toBe(200)
    const merged = response.data
    expect(merged).toMatchObject({ id: first.id, order: first.order, title: first.title, body: `${first.body}\n\n${second.body}` })
    expect(merged.text).toContain(words[2]![1])
    expect(merged.wordCount).toBe(first.wordCount + second.wordCount)
    expect(new Set(merged.terms.map((term: Json) => term.key)).size).toBe(merged.terms.length)
    for (const term of second.terms) expect(merged.terms.map((t: Json) => t.key)).toContain(term.key)

    expectProblem(await alice.get(`/api/v1/atoms/${second.id}`), 404)
    const after = await atomsOf(id)
    expect(after.map(atom => atom.id)).toEqual(atoms.filter(atom => atom.id !== second.id).map(atom => atom.id))
    for (const atom of after) expect(links(atom)).not.toContain(second.id)
    for (const linked of linkedBefore.filter(other => other !== first.id)) {
      expect(links(after.find(atom => atom.id === linked))).toContain(first.id)
    }
    expect(await searchIds(alice, words[2]![1])).toEqual([first.id])
    expectProblem(await alice.post('/api/v1/atoms/merge', { ids: [first.id, second.id] }), 404)
  })

  it('keeps the order consistent when edits of one document arrive at once', async () => {
    const { id, atoms } = await document()
    const [a, b, c, d] = atoms
    const results = await Promise.all([
      alice.post('/api/v1/atoms/merge', { ids: [a.id, b.id] }),
      alice.post('/api/v1/atoms/merge', { ids: [b.id, c.id] }),
      alice.post('/api/v1/atoms/merge', { ids: [c.id, d.id] }),
      patch(alice, d.id, { title: 'Renamed at once' }),
    ])
    for (const result of results) expect([200, 404, 409, 422], JSON.stringify(result.data)).toContain(result.status)
    expect(results.filter(result => result.status === 200).length).toBeGreaterThan(0)
    const after = await atomsOf(id)
    const merges = results.slice(0, 3).filter(result => result.status === 200).length
    expect(after).toHaveLength(atoms.length - merges)
    expect(new Set(after.map(atom => atom.id)).size).toBe(after.length)
  })

  it('lets only the owner edit: another user gets 404, a reader the document is shared with 403', async () => {
    const { id, atoms } = await document()
    const [first, second] = atoms
    expectProblem(await patch(bob, first.id, { title: 'Mine now' }), 404)
    expectProblem(await bob.post(`/api/v1/atoms/${first.id}/split`, { offset: first.body.indexOf('\n\n') + 2 }), 404)
    expectProblem(await bob.post('/api/v1/atoms/merge', { ids: [first.id, second.id] }), 404)

    await shareAndAccept(alice, bob, `/api/v1/documents/${id}/shares`, { email: bobEmail })
    expect((await bob.get(`/api/v1/atoms/${first.id}`)).status).toBe(200)
    expectProblem(await patch(bob, first.id, { title: 'Mine now' }), 403)
    expectProblem(await bob.post(`/api/v1/atoms/${first.id}/split`, { offset: first.body.indexOf('\n\n') + 2 }), 403)
    expectProblem(await bob.post('/api/v1/atoms/merge', { ids: [first.id, second.id] }), 403)
    expect(await atomsOf(id)).toEqual(atoms)
  })

  it('tells live subscribers of the document: changed atoms, removed atoms and the new atom count', async () => {
    const { id, atoms } = await document()
    const live = await LiveClient.connect(alice.baseURL, alice.cookieHeader)
    sockets.push(live)
    live.send({ type: 'subscribe', documentId: id })
    await live.waitFor(message => message.type === 'document' && message.document.id === id)

    expect((await patch(alice, atoms[0].id, { title: 'Live title' })).status).toBe(200)
    const changed = await live.waitFor(message => message.type === 'atoms' && message.documentId === id)
    expect(changed.atoms.map((atom: Json) => [atom.id, atom.title])).toEqual([[atoms[0].id, 'Live title']])

    const from = live.messages.length
    expect((await alice.post('/api/v1/atoms/merge', { ids: [atoms[3].id, atoms[4].id] })).status).toBe(200)
    const removed = await live.waitFor(message => message.type === 'atoms-removed' && message.documentId === id, { from })
    expect(removed.atomIds).toEqual([atoms[4].id])
    const count = await live.waitFor(message => message.type === 'document' && message.document.id === id, { from })
    expect(count.document.atomCount).toBe(atoms.length - 1)
  })

  it('refuses edits while the document is being processed (409)', async () => {
    const ready = await alice.uploadReady('long.md', markdownBook(400, 7))
    const [atom] = (await alice.get(`/api/v1/documents/${ready.id}/atoms?limit=1`)).data.items
    expect((await alice.post(`/api/v1/documents/${ready.id}/reprocess`)).status).toBe(202)
    const refused = expectProblem(await patch(alice, atom.id, { title: 'Too early' }), 409)
    expect(refused.detail).toMatch(/queued|processing/)
    expectProblem(await alice.post(`/api/v1/atoms/${atom.id}/split`, { offset: 1 }), 409)
    expect((await alice.waitForDocument(ready.id, 60_000)).status).toBe('ready')
    expect((await patch(alice, atom.id, { title: 'Now it may' })).status).toBe(200)
  })
})
