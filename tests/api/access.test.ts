import { beforeAll, describe, expect, it } from 'vitest'
import { markdownChapter, uniqueWord } from '../support/content'
import { shareAndAccept, signedInClient, type ApiClient } from '../support/http'
import { expectProblem } from '../support/problems'

type Atom = { id: string, documentId: string }

describe('access control between users', () => {
  let alice: ApiClient
  let aliceEmail: string
  let bob: ApiClient
  let bobEmail: string
  let bobId: string
  let word: string
  let documentId: string
  let atoms: Atom[]

  beforeAll(async () => {
    const signedInAlice = await signedInClient('alice')
    alice = signedInAlice.client
    aliceEmail = signedInAlice.email
    const signedIn = await signedInClient('bob')
    bob = signedIn.client
    bobEmail = signedIn.email
    bobId = signedIn.user.id
    word = uniqueWord('priv')
    documentId = (await alice.uploadReady('private.md', markdownChapter(word))).id
    atoms = await alice.getAll(`/api/v1/documents/${documentId}/atoms`)
  })

  /** What Bob sees of Alice's document, read-only routes only. */
  async function bobCanRead() {
    const document = await bob.get(`/api/v1/documents/${documentId}`)
    const list = await bob.get(`/api/v1/documents/${documentId}/atoms`)
    const single = await bob.get(`/api/v1/atoms/${atoms[0]!.id}`)
    const order = await bob.get(`/api/v1/documents/${documentId}/reading-order`)
    const search = await bob.get(`/api/v1/search?q=${word}`)
    return { document, list, single, order, search }
  }

  it('hides another user\'s document, its atoms and its search hits, as if they did not exist', async () => {
    const { document, list, single, order, search } = await bobCanRead()
    const missing = expectProblem(await bob.get('/api/v1/documents/00000000-0000-4000-8000-000000000000'), 404)
    const hidden = expectProblem(document, 404, `/api/v1/documents/${documentId}`)
    expect(hidden.type).toBe(missing.type)
    expectProblem(list, 404)
    expectProblem(order, 404)
    for (const atom of atoms) expectProblem(await bob.get(`/api/v1/atoms/${atom.id}`), 404)
    expectProblem(single, 404)
    expect(search.data).toEqual({ items: [], total: 0 })
    expect((await bob.get('/api/v1/documents?scope=shared')).data.items).toEqual([])
  })

  it('never lets another user delete, share, cancel, reprocess or replace the document', async () => {
    expectProblem(await bob.delete(`/api/v1/documents/${documentId}`), 404)
    expectProblem(await bob.post(`/api/v1/documents/${documentId}/shares`, { email: bobEmail }), 404)
    expectProblem(await bob.post(`/api/v1/documents/${documentId}/reprocess`), 404)
    expectProblem(await bob.post(`/api/v1/documents/${documentId}/cancel`), 404)
    expect((await alice.get(`/api/v1/documents/${documentId}`)).data).toMatchObject({ status: 'ready', atomCount: atoms.length })
  })

  it('lets a user the owner shared with read once they accept, but not change, and stops when unshared', async () => {
    const invited = await alice.post(`/api/v1/documents/${documentId}/shares`, { email: bobEmail.toUpperCase() })
    expect(invited.status).toBe(202)
    // Invited is not shared yet.
    expectProblem((await bobCanRead()).document, 404)
    expect((await bob.post(`/api/v1/invitations/${invited.data.invitationId}/accept`)).status).toBe(200)
    try {
      const { document, list, single, order, search } = await bobCanRead()
      expect(document.status).toBe(200)
      expect(document.data.id).toBe(documentId)
      expect(list.data.items.map((atom: Atom) => atom.id)).toEqual(atoms.map(atom => atom.id))
      expect(single.data.id).toBe(atoms[0]!.id)
      expect(order.data.items.map((item: { id: string }) => item.id).sort()).toEqual(atoms.map(atom => atom.id).sort())
      expect(search.data.items.map((item: { atom: Atom }) => item.atom.documentId)).toEqual([documentId])
      expect((await bob.get('/api/v1/documents?scope=shared')).data.items.map((item: { id: string }) => item.id)).toEqual([documentId])
      expect((await bob.get('/api/v1/documents')).data.items.map((item: { id: string }) => item.id)).not.toContain(documentId)

      expectProblem(await bob.delete(`/api/v1/documents/${documentId}`), 403)
      expectProblem(await bob.post(`/api/v1/documents/${documentId}/reprocess`), 403)
      expectProblem(await bob.post(`/api/v1/documents/${documentId}/shares`, { email: bobEmail }), 403)
      expectProblem(await bob.delete(`/api/v1/documents/${documentId}/shares/${bobId}`), 403)
      expect((await alice.get(`/api/v1/documents/${documentId}`)).status).toBe(200)
    }
    finally {
      expect((await alice.delete(`/api/v1/documents/${documentId}/shares/${bobId}`)).status).toBe(204)
    }
    const after = await bobCanRead()
    expectProblem(after.document, 404)
    expectProblem(after.list, 404)
    expectProblem(after.single, 404)
    expect(after.search.data).toEqual({ items: [], total: 0 })
  })

  it('refuses sharing with oneself (400) and with a malformed email (422)', async () => {
    expectProblem(await alice.post(`/api/v1/documents/${documentId}/shares`, { email: aliceEmail }), 400)
    const problem = expectProblem(await alice.post(`/api/v1/documents/${documentId}/shares`, { email: 'not an email' }), 422)
    expect(problem.errors?.map(error => error.path)).toEqual(['email'])
  })
})

describe('learners', () => {
  it('cannot upload (403) and nothing is stored, but can read what is shared with them', async () => {
    const { client: learner, email, user } = await signedInClient('learner', 'learner')
    expect(user.role).toBe('learner')
    const refused = expectProblem(await learner.upload('lesson.md', markdownChapter(uniqueWord(), 2)), 403)
    expect(refused.type).toBe('/problems/forbidden')
    expect((await learner.get('/api/v1/documents')).data).toEqual({ items: [] })

    const { client: author } = await signedInClient('teacher')
    const word = uniqueWord('lern')
    const { id } = await author.uploadReady('lesson.md', markdownChapter(word, 2))
    await shareAndAccept(author, learner, `/api/v1/documents/${id}/shares`, { email })
    expect((await learner.get(`/api/v1/documents/${id}`)).data.status).toBe('ready')
    expect((await learner.get(`/api/v1/search?q=${word}`)).data.total).toBe(1)
    expectProblem(await learner.delete(`/api/v1/documents/${id}`), 403)
  })
})
