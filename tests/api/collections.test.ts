import { beforeAll, describe, expect, it } from 'vitest'
import { markdownChapter, uniqueWord } from '../support/content'
import { shareAndAccept, signedInClient, type ApiClient } from '../support/http'
import { expectProblem } from '../support/problems'

type Atom = { id: string, documentId: string, type: string, difficultyLabel: string }
type Item = { id: string }

const ids = (items: Item[]) => items.map(item => item.id)

async function user(prefix: string) {
  const signedIn = await signedInClient(prefix)
  return { client: signedIn.client, email: signedIn.email, id: signedIn.user.id }
}

async function newCollection(client: ApiClient, name = 'A collection', description?: string): Promise<string> {
  const response = await client.post('/api/v1/collections', { name, ...(description !== undefined && { description }) })
  expect(response.status, JSON.stringify(response.data)).toBe(201)
  return response.data.id
}

describe('collections: create, list, read, change, delete', () => {
  let alice: ApiClient
  let aliceId: string
  let stranger: ApiClient

  beforeAll(async () => {
    ({ client: alice, id: aliceId } = await user('coll-owner'))
    ;({ client: stranger } = await user('coll-stranger'))
  })

  it('creates a collection (201) with the name trimmed, as its owner, empty', async () => {
    const response = await alice.post('/api/v1/collections', { name: '  Cell biology  ', description: 'Cells, energy and genes.' })
    expect(response.status).toBe(201)
    expect(response.data).toEqual({
      id: expect.any(String), ownerId: aliceId, name: 'Cell biology', description: 'Cells, energy and genes.', documentCount: 0,
      role: 'owner', createdAt: expect.any(String), updatedAt: expect.any(String),
    })
    expect((await alice.get(`/api/v1/collections/${response.data.id}`)).data).toEqual(response.data)
    const bare = await alice.post('/api/v1/collections', { name: 'No description' })
    expect(bare.data.description).toBe('')
  })

  it('lists my collections newest first, a page at a time', async () => {
    const created = [await newCollection(alice, 'First'), await newCollection(alice, 'Second'), await newCollection(alice, 'Third')]
    const first = await alice.get('/api/v1/collections?limit=2')
    expect(first.status).toBe(200)
    expect(first.data.items).toHaveLength(2)
    expect(first.data.nextCursor).toEqual(expect.any(String))
    const all = await alice.getAll('/api/v1/collections', 2)
    const listed = ids(all)
    expect(new Set(listed).size).toBe(listed.length)
    expect(listed.filter(id => created.includes(id))).toEqual([...created].reverse())
    const keys = all.map(item => `${item.createdAt} ${item.id}`)
    expect(keys).toEqual([...keys].sort().reverse())
    expect(all.every(item => item.role === 'owner')).toBe(true)
  })

  it('renames and redescribes a collection, and deletes it', async () => {
    const id = await newCollection(alice, 'Old name', 'Old description')
    const renamed = await alice.patch(`/api/v1/collections/${id}`, { name: 'New name' })
    expect(renamed.status).toBe(200)
    expect(renamed.data).toMatchObject({ id, name: 'New name', description: 'Old description' })
    const described = await alice.patch(`/api/v1/collections/${id}`, { description: '' })
    expect(described.data).toMatchObject({ name: 'New name', description: '' })
    expect((await alice.delete(`/api/v1/collections/${id}`)).status).toBe(204)
    expectProblem(await alice.get(`/api/v1/collections/${id}`), 404)
    expectProblem(await alice.delete(`/api/v1/collections/${id}`), 404)
    expect(ids(await alice.getAll('/api/v1/collections'))).not.toContain(id)
  })

  it('refuses bad input with 422 problem details naming the field', async () => {
    const id = await newCollection(alice)
    const cases: [string, () => ReturnType<ApiClient['post']>, string][] = [
      ['empty name', () => alice.post('/api/v1/collections', { name: '   ' }), 'name'],
      ['missing name', () => alice.post('/api/v1/collections', { description: 'x' }), 'name'],
      ['long name', () => alice.post('/api/v1/collections', { name: 'x'.repeat(121) }), 'name'],
      ['long description', () => alice.post('/api/v1/collections', { name: 'ok', description: 'x'.repeat(2001) }), 'description'],
      ['name not text', () => alice.post('/api/v1/collections', { name: 42 }), 'name'],
      ['empty new name', () => alice.patch(`/api/v1/collections/${id}`, { name: '' }), 'name'],
      ['share role', () => alice.post(`/api/v1/collections/${id}/shares`, { email: 'x@example.test', role: 'owner' }), 'role'],
      ['share email', () => alice.post(`/api/v1/collections/${id}/shares`, { email: 'not an email', role: 'viewer' }), 'email'],
      ['move target', () => alice.put('/api/v1/documents/00000000-0000-4000-8000-000000000000/collection', { collectionId: 'a b' }), 'collectionId'],
      ['move body', () => alice.put('/api/v1/documents/00000000-0000-4000-8000-000000000000/collection', {}), 'collectionId'],
    ]
    for (const [what, send, path] of cases) {
      const problem = expectProblem(await send(), 422)
      expect(problem.type, what).toBe('/problems/validation')
      expect(problem.errors?.map(error => error.path), what).toContain(path)
    }
    expect((await alice.get(`/api/v1/collections/${id}`)).data.name).toBe('A collection')
    expect(expectProblem(await alice.get(`/api/v1/collections/${id}/atoms?limit=201`), 422).errors?.map(error => error.path)).toEqual(['limit'])
    expectProblem(await alice.get(`/api/v1/collections/${id}/atoms?type=novel`), 422)
    expectProblem(await alice.get(`/api/v1/collections/${id}/atoms?cursor=not-a-cursor`), 400)
    expectProblem(await alice.get('/api/v1/collections?cursor=not-a-cursor'), 400)
  })

  it('hides a collection from other users as if it did not exist (404)', async () => {
    const id = await newCollection(alice, 'Private')
    const { id: documentId } = await alice.uploadReady('private.md', markdownChapter(uniqueWord('cpriv'), 2), { collectionId: id })
    const missing = expectProblem(await stranger.get('/api/v1/collections/00000000-0000-4000-8000-000000000000'), 404)
    expect(expectProblem(await stranger.get(`/api/v1/collections/${id}`), 404).type).toBe(missing.type)
    for (const path of ['', '/documents', '/atoms', '/shares']) expectProblem(await stranger.get(`/api/v1/collections/${id}${path}`), 404)
    expectProblem(await stranger.patch(`/api/v1/collections/${id}`, { name: 'Mine now' }), 404)
    expectProblem(await stranger.delete(`/api/v1/collections/${id}`), 404)
    expectProblem(await stranger.post(`/api/v1/collections/${id}/shares`, { email: 'x@example.test', role: 'viewer' }), 404)
    expectProblem(await stranger.delete(`/api/v1/collections/${id}/shares/${aliceId}`), 404)
    expectProblem(await stranger.get(`/api/v1/search?q=energy&collectionId=${id}`), 404)
    expectProblem(await stranger.upload('mine.md', markdownChapter(uniqueWord(), 2), { collectionId: id }), 404)
    expectProblem(await stranger.get(`/api/v1/documents/${documentId}`), 404)
    expect(ids(await stranger.getAll('/api/v1/collections'))).not.toContain(id)
    expect((await alice.get(`/api/v1/collections/${id}`)).data.name).toBe('Private')
  })
})

describe('collections: sharing', () => {
  let alice: ApiClient
  let viewer: { client: ApiClient, email: string, id: string }
  let editor: { client: ApiClient, email: string, id: string }
  let aliceEmail: string
  let collectionId: string
  let word: string
  let documentId: string
  let atoms: Atom[]

  beforeAll(async () => {
    const owner = await user('share-owner')
    alice = owner.client
    aliceEmail = owner.email
    viewer = await user('share-viewer')
    editor = await user('share-editor')
    collectionId = await newCollection(alice, 'Shared biology')
    word = uniqueWord('cshare')
    documentId = (await alice.uploadReady('shared.md', markdownChapter(word))).id
    atoms = await alice.getAll(`/api/v1/documents/${documentId}/atoms`)
  })

  it('moves the owner\'s document into the collection and lists it there', async () => {
    const moved = await alice.put(`/api/v1/documents/${documentId}/collection`, { collectionId })
    expect(moved.status).toBe(200)
    expect(moved.data).toMatchObject({ id: documentId, collectionId })
    expect((await alice.get(`/api/v1/documents/${documentId}`)).data.collectionId).toBe(collectionId)
    expect(ids((await alice.get(`/api/v1/collections/${collectionId}/documents`)).data.items)).toEqual([documentId])
    expect((await alice.get(`/api/v1/collections/${collectionId}`)).data.documentCount).toBe(1)
    const hits = await alice.get(`/api/v1/search?q=${word}&collectionId=${collectionId}`)
    expect(hits.data.items.map((item: { atom: Atom }) => item.atom.documentId)).toEqual([documentId])
    const elsewhere = await newCollection(alice, 'Elsewhere')
    expect((await alice.get(`/api/v1/search?q=${word}&collectionId=${elsewhere}`)).data).toEqual({ items: [], total: 0 })
  })

  it('refuses sharing with oneself (400); nobody is shared with yet', async () => {
    expectProblem(await alice.post(`/api/v1/collections/${collectionId}/shares`, { email: aliceEmail, role: 'editor' }), 400)
    expect((await alice.get(`/api/v1/collections/${collectionId}/shares`)).data).toEqual({ items: [] })
  })

  it('lets a viewer read the documents, atoms and search hits, but not change, move or upload', async () => {
    const shared = await shareAndAccept(alice, viewer.client, `/api/v1/collections/${collectionId}/shares`, { email: viewer.email.toUpperCase(), role: 'viewer' })
    expect(shared.status).toBe(202)
    expect(shared.data).toEqual({ status: 'pending', invitationId: expect.any(String), email: viewer.email, role: 'viewer', invitedAt: expect.any(String) })
    const bob = viewer.client

    expect((await bob.get(`/api/v1/collections/${collectionId}`)).data).toMatchObject({ id: collectionId, role: 'viewer', documentCount: 1 })
    const listed = (await bob.getAll('/api/v1/collections')).find(item => item.id === collectionId)
    expect(listed).toMatchObject({ role: 'viewer', name: 'Shared biology' })
    expect(ids((await bob.get(`/api/v1/collections/${collectionId}/documents`)).data.items)).toEqual([documentId])
    expect((await bob.get(`/api/v1/documents/${documentId}`)).status).toBe(200)
    expect(ids(await bob.getAll(`/api/v1/documents/${documentId}/atoms`))).toEqual(ids(atoms))
    expect((await bob.get(`/api/v1/atoms/${atoms[0]!.id}`)).data.id).toBe(atoms[0]!.id)
    expect((await bob.get(`/api/v1/documents/${documentId}/reading-order`)).status).toBe(200)
    expect(ids(await bob.getAll(`/api/v1/collections/${collectionId}/atoms`)).sort()).toEqual(ids(atoms).sort())
    for (const query of [`q=${word}`, `q=${word}&collectionId=${collectionId}`]) {
      expect((await bob.get(`/api/v1/search?${query}`)).data.items.map((item: { atom: Atom }) => item.atom.documentId)).toEqual([documentId])
    }

    expectProblem(await bob.patch(`/api/v1/collections/${collectionId}`, { name: 'Mine now' }), 403)
    expectProblem(await bob.delete(`/api/v1/collections/${collectionId}`), 403)
    expectProblem(await bob.get(`/api/v1/collections/${collectionId}/shares`), 403)
    expectProblem(await bob.post(`/api/v1/collections/${collectionId}/shares`, { email: editor.email, role: 'editor' }), 403)
    expectProblem(await bob.put(`/api/v1/documents/${documentId}/collection`, { collectionId: null }), 403)
    expectProblem(await bob.delete(`/api/v1/documents/${documentId}`), 403)
    expectProblem(await bob.post(`/api/v1/documents/${documentId}/reprocess`), 403)
    expectProblem(await bob.upload('sneaky.md', markdownChapter(uniqueWord(), 2), { collectionId }), 403)
    // Refused before a direct upload is even offered (this server keeps files itself: otherwise 501).
    expectProblem(await bob.post('/api/v1/documents/uploads', { filename: 'sneaky.md', size: 100, contentType: 'text/markdown', collectionId }), 403)
    const ownDocument = (await bob.uploadReady('own.md', markdownChapter(uniqueWord(), 2))).id
    expectProblem(await bob.put(`/api/v1/documents/${ownDocument}/collection`, { collectionId }), 403)
    expect(ids((await bob.get('/api/v1/documents')).data.items)).toEqual([ownDocument])
    expect((await alice.get(`/api/v1/collections/${collectionId}`)).data).toMatchObject({ name: 'Shared biology', documentCount: 1 })
    expect((await alice.get(`/api/v1/documents/${documentId}`)).data.collectionId).toBe(collectionId)
  })

  it('lets an editor rename the collection, upload into it and move their documents into it, but not delete or share it', async () => {
    await shareAndAccept(alice, editor.client, `/api/v1/collections/${collectionId}/shares`, { email: editor.email, role: 'editor' })
    const carol = editor.client
    expect((await carol.get(`/api/v1/collections/${collectionId}`)).data.role).toBe('editor')
    expect((await carol.patch(`/api/v1/collections/${collectionId}`, { name: 'Shared biology', description: 'Edited by an editor' })).data)
      .toMatchObject({ description: 'Edited by an editor', role: 'editor' })

    const uploaded = await carol.uploadReady('editor.md', markdownChapter(uniqueWord('cedit'), 2), { collectionId })
    expect(uploaded.collectionId).toBe(collectionId)
    const own = (await carol.uploadReady('later.md', markdownChapter(uniqueWord('cedit'), 2))).id
    expect((await carol.put(`/api/v1/documents/${own}/collection`, { collectionId })).data.collectionId).toBe(collectionId)
    // The collection's owner may read and move what an editor put in it.
    expect((await alice.get(`/api/v1/documents/${uploaded.id}`)).status).toBe(200)
    expect(ids(await alice.getAll(`/api/v1/collections/${collectionId}/documents`)).sort()).toEqual([documentId, uploaded.id, own].sort())
    expect((await viewer.client.get(`/api/v1/documents/${own}`)).status).toBe(200)

    // A collection the editor only views is no place to move into.
    const viewOnly = await newCollection(alice, 'View only')
    await shareAndAccept(alice, carol, `/api/v1/collections/${viewOnly}/shares`, { email: editor.email, role: 'viewer' })
    expectProblem(await carol.put(`/api/v1/documents/${own}/collection`, { collectionId: viewOnly }), 403)
    expectProblem(await carol.upload('no.md', markdownChapter(uniqueWord(), 2), { collectionId: viewOnly }), 403)
    expectProblem(await carol.delete(`/api/v1/collections/${collectionId}`), 403)
    expectProblem(await carol.post(`/api/v1/collections/${collectionId}/shares`, { email: viewer.email, role: 'editor' }), 403)
    expectProblem(await carol.delete(`/api/v1/documents/${documentId}`), 403)

    const shares = (await alice.get(`/api/v1/collections/${collectionId}/shares`)).data.items
    expect(shares).toEqual(expect.arrayContaining([
      { status: 'accepted', userId: viewer.id, email: viewer.email, name: 'share-viewer', role: 'viewer' },
      { status: 'accepted', userId: editor.id, email: editor.email, name: 'share-editor', role: 'editor' },
    ]))
    expect(shares).toHaveLength(2)
  })

  it('takes access away when a share is revoked, also for atoms read before', async () => {
    const bob = viewer.client
    expect((await bob.get(`/api/v1/atoms/${atoms[1]!.id}`)).status).toBe(200)
    expect((await alice.delete(`/api/v1/collections/${collectionId}/shares/${viewer.id}`)).status).toBe(204)
    expectProblem(await bob.get(`/api/v1/collections/${collectionId}`), 404)
    expectProblem(await bob.get(`/api/v1/collections/${collectionId}/atoms`), 404)
    expectProblem(await bob.get(`/api/v1/documents/${documentId}`), 404)
    expectProblem(await bob.get(`/api/v1/documents/${documentId}/atoms`), 404)
    for (const atom of atoms.slice(0, 2)) expectProblem(await bob.get(`/api/v1/atoms/${atom.id}`), 404)
    expect((await bob.get(`/api/v1/search?q=${word}`)).data).toEqual({ items: [], total: 0 })
    expect(ids(await bob.getAll('/api/v1/collections'))).not.toContain(collectionId)
    expect((await alice.get(`/api/v1/collections/${collectionId}/shares`)).data.items.map((share: { userId: string }) => share.userId)).toEqual([editor.id])
  })

  it('keeps the documents of a deleted collection with their owners, in no collection', async () => {
    const carol = editor.client
    const carolsDocuments = ids(await carol.getAll(`/api/v1/collections/${collectionId}/documents`)).filter(id => id !== documentId)
    expectProblem(await carol.delete(`/api/v1/collections/${collectionId}`), 403)
    expect((await alice.delete(`/api/v1/collections/${collectionId}`)).status).toBe(204)
    expect((await alice.get(`/api/v1/documents/${documentId}`)).data).toMatchObject({ status: 'ready', collectionId: null })
    expectProblem(await carol.get(`/api/v1/documents/${documentId}`), 404)
    expectProblem(await carol.get(`/api/v1/collections/${collectionId}`), 404)
    for (const id of carolsDocuments) {
      expect((await carol.get(`/api/v1/documents/${id}`)).data.collectionId).toBeNull()
      expectProblem(await alice.get(`/api/v1/documents/${id}`), 404)
    }
    expect((await alice.get(`/api/v1/search?q=${word}`)).data.total).toBe(1)
  })
})

describe('GET /api/v1/collections/:id/atoms', () => {
  let alice: ApiClient
  let collectionId: string
  let expected: Atom[]

  beforeAll(async () => {
    ({ client: alice } = await user('coll-reader'))
    collectionId = await newCollection(alice, 'Reading order')
    const first = (await alice.uploadReady('first.md', markdownChapter(uniqueWord('cord'), 6, 'First chapter'), { collectionId })).id
    const second = (await alice.uploadReady('second.md', markdownChapter(uniqueWord('cord'), 4, 'Second chapter'))).id
    const third = (await alice.uploadReady('third.md', markdownChapter(uniqueWord('cord'), 3, 'Third chapter'), { collectionId })).id
    // Moved in after the third was uploaded: documents are still read oldest first.
    await alice.put(`/api/v1/documents/${second}/collection`, { collectionId })
    expected = []
    for (const documentId of [first, second, third]) {
      const order = (await alice.get(`/api/v1/documents/${documentId}/reading-order`)).data.items as Item[]
      const byId = new Map((await alice.getAll(`/api/v1/documents/${documentId}/atoms`)).map((atom: Atom) => [atom.id, atom]))
      expected.push(...order.map(item => byId.get(item.id)!))
    }
  })

  it('gives the atoms of the documents oldest first, each document in its reading order', async () => {
    const response = await alice.get(`/api/v1/collections/${collectionId}/atoms?limit=200`)
    expect(response.status).toBe(200)
    expect(response.data.nextCursor).toBeUndefined()
    expect(ids(response.data.items)).toEqual(ids(expected))
    expect(response.data.items[0]).toEqual(expected[0])
  })

  it('pages through them without gaps or duplicates', async () => {
    for (const limit of [1, 4, 6, 7]) expect(ids(await alice.getAll(`/api/v1/collections/${collectionId}/atoms`, limit))).toEqual(ids(expected))
    const first = await alice.get(`/api/v1/collections/${collectionId}/atoms?limit=5`)
    expect(first.data.items).toHaveLength(5)
    expect(first.data.nextCursor).toEqual(expect.any(String))
  })

  it('filters by type and difficulty, each page still in reading order', async () => {
    const { type, difficultyLabel } = expected.at(-1)!
    const types = [...new Set([expected[0]!.type, type])]
    const cases: [string, (atom: Atom) => boolean][] = [
      [`type=${type}`, atom => atom.type === type],
      [`difficulty=${difficultyLabel}`, atom => atom.difficultyLabel === difficultyLabel],
      [`type=${type}&difficulty=${difficultyLabel}`, atom => atom.type === type && atom.difficultyLabel === difficultyLabel],
      [`type=${types.join(',')}`, atom => types.includes(atom.type)],
    ]
    for (const [query, keep] of cases) {
      const want = ids(expected.filter(keep))
      expect(want.length, query).toBeGreaterThan(0)
      expect(ids(await alice.getAll(`/api/v1/collections/${collectionId}/atoms?${query}`)), query).toEqual(want)
      expect(ids(await alice.getAll(`/api/v1/collections/${collectionId}/atoms?${query}`, 2)), query).toEqual(want)
    }
  })

  it('gives an empty page for an empty collection', async () => {
    const empty = await newCollection(alice, 'Empty')
    expect((await alice.get(`/api/v1/collections/${empty}/atoms`)).data).toEqual({ items: [] })
    expect((await alice.get(`/api/v1/collections/${empty}/documents`)).data).toEqual({ items: [] })
  })
})
