import { beforeAll, describe, expect, it } from 'vitest'
import { markdownChapter, uniqueWord } from '../support/content'
import { ApiClient, register, signedInClient, testPassword, uniqueEmail, type ApiResponse } from '../support/http'
import { expectProblem } from '../support/problems'

type Json = any // eslint-disable-line @typescript-eslint/no-explicit-any

/** What of an answer to sharing depends on more than the email typed and the time: nothing but the invitation's id and time. */
const shape = (response: ApiResponse) => ({
  status: response.status,
  type: response.type,
  body: { ...response.data, invitationId: typeof response.data.invitationId, invitedAt: typeof response.data.invitedAt },
})

async function newCollection(client: ApiClient, name: string): Promise<string> {
  const response = await client.post('/api/v1/collections', { name })
  expect(response.status).toBe(201)
  return response.data.id
}

describe('sharing by email does not tell which emails have accounts', () => {
  let alice: ApiClient
  let bob: { client: ApiClient, email: string, id: string }
  let documentId: string

  beforeAll(async () => {
    alice = (await signedInClient('inv-owner')).client
    const signedIn = await signedInClient('inv-known')
    bob = { client: signedIn.client, email: signedIn.email, id: signedIn.user.id }
    documentId = (await alice.uploadReady('notes.md', markdownChapter(uniqueWord('inv'), 2))).id
  })

  it.each([
    ['a collection', 'collection'],
    ['a document', 'document'],
  ])('answers an email with an account exactly as one without, naming nobody, for %s', async (_case, kind) => {
    const path = kind === 'collection' ? `/api/v1/collections/${await newCollection(alice, 'Enumerated')}/shares` : `/api/v1/documents/${documentId}/shares`
    // Two emails of the same length, one with an account and one without.
    const unknown = `${bob.email.slice(0, -'.test'.length).replace(/^inv-known/, 'inv-nobod')}.test`
    expect(unknown).toHaveLength(bob.email.length)
    const known = await alice.post(path, { email: bob.email, role: 'viewer' })
    const stranger = await alice.post(path, { email: unknown, role: 'viewer' })
    expect(known.status).toBe(202)
    expect(shape(known)).toEqual({ ...shape(stranger), body: { ...shape(stranger).body, email: bob.email } })
    expect(known.data).toEqual({ status: 'pending', invitationId: expect.any(String), email: bob.email, role: 'viewer', invitedAt: expect.any(String) })
    expect(known.headers.get('content-length')).toBe(stranger.headers.get('content-length'))
    expect(JSON.stringify(known.data)).not.toContain(bob.id)

    // The owner's list shows both as pending, by the email typed only.
    const listed = (await alice.get(path)).data.items as Json[]
    expect(listed.map(entry => Object.keys(entry).sort())).toEqual([
      ['email', 'invitationId', 'invitedAt', 'role', 'status'], ['email', 'invitationId', 'invitedAt', 'role', 'status'],
    ])
    expect(listed.map(entry => [entry.email, entry.status])).toEqual([[bob.email, 'pending'], [unknown, 'pending']])
  })
})

describe('invitations', () => {
  let alice: { client: ApiClient, email: string, id: string }
  let bob: { client: ApiClient, email: string, id: string }
  let collectionId: string
  let sharesPath: string
  let documentId: string
  let word: string

  const user = async (prefix: string) => {
    const signedIn = await signedInClient(prefix)
    return { client: signedIn.client, email: signedIn.email, id: signedIn.user.id }
  }

  beforeAll(async () => {
    alice = await user('inv-alice')
    bob = await user('inv-bob')
    collectionId = await newCollection(alice.client, 'Shared by invitation')
    sharesPath = `/api/v1/collections/${collectionId}/shares`
    word = uniqueWord('invite')
    documentId = (await alice.client.uploadReady('inside.md', markdownChapter(word, 2), { collectionId })).id
  })

  it('gives access only once the invitee accepts, and only then shows the owner their name', async () => {
    const invited = await alice.client.post(sharesPath, { email: bob.email, role: 'viewer' })
    expect(invited.status).toBe(202)
    expectProblem(await bob.client.get(`/api/v1/collections/${collectionId}`), 404)
    expect((await bob.client.get(`/api/v1/search?q=${word}`)).data.total).toBe(0)
    expect((await alice.client.get(sharesPath)).data.items).toEqual([invited.data])

    // Bob sees what is shared, by whom, as what.
    const mine = await bob.client.get('/api/v1/invitations')
    expect(mine.status).toBe(200)
    expect(mine.data.items).toEqual([{
      id: invited.data.invitationId, kind: 'collection', targetId: collectionId, targetName: 'Shared by invitation', role: 'viewer',
      invitedBy: { name: 'inv-alice', email: alice.email }, createdAt: invited.data.invitedAt,
    }])
    // Nobody else may take it.
    const carol = await user('inv-carol')
    expectProblem(await carol.client.post(`/api/v1/invitations/${invited.data.invitationId}/accept`), 404)
    expectProblem(await alice.client.post(`/api/v1/invitations/${invited.data.invitationId}/accept`), 404)
    expectProblem(await carol.client.delete(`/api/v1/invitations/${invited.data.invitationId}`), 404)
    expect((await carol.client.get('/api/v1/invitations')).data.items).toEqual([])

    const accepted = await bob.client.post(`/api/v1/invitations/${invited.data.invitationId}/accept`)
    expect(accepted.status).toBe(200)
    expect(accepted.data).toEqual(mine.data.items[0])
    expect((await bob.client.get(`/api/v1/collections/${collectionId}`)).data.role).toBe('viewer')
    expect((await bob.client.get(`/api/v1/documents/${documentId}`)).status).toBe(200)
    expect((await bob.client.get(`/api/v1/search?q=${word}`)).data.total).toBeGreaterThan(0)
    expect((await bob.client.get('/api/v1/invitations')).data.items).toEqual([])
    expect((await alice.client.get(sharesPath)).data.items).toEqual([
      { status: 'accepted', userId: bob.id, email: bob.email, name: 'inv-bob', role: 'viewer' },
    ])
    expectProblem(await bob.client.post(`/api/v1/invitations/${invited.data.invitationId}/accept`), 404)
  })

  it('changes the role of an accepted share when the owner shares again (200, at once)', async () => {
    const again = await alice.client.post(sharesPath, { email: bob.email.toUpperCase(), role: 'editor' })
    expect(again.status).toBe(200)
    expect(again.data).toEqual({ status: 'accepted', userId: bob.id, email: bob.email, name: 'inv-bob', role: 'editor' })
    expect((await bob.client.get(`/api/v1/collections/${collectionId}`)).data.role).toBe('editor')
    expect((await bob.client.get('/api/v1/invitations')).data.items).toEqual([])
  })

  it('keeps one pending invitation per email: sharing again changes its role', async () => {
    const email = uniqueEmail('inv-twice')
    const first = await alice.client.post(sharesPath, { email, role: 'viewer' })
    const second = await alice.client.post(sharesPath, { email, role: 'editor' })
    expect(second.status).toBe(202)
    expect(second.data).toEqual({ ...first.data, role: 'editor' })
    const pending = (await alice.client.get(sharesPath)).data.items.filter((entry: Json) => entry.status === 'pending')
    expect(pending).toEqual([second.data])
    expect((await alice.client.delete(`/api/v1/invitations/${first.data.invitationId}`)).status).toBe(204)
  })

  it('waits for an email without an account, which sees and accepts it once it registers', async () => {
    const email = uniqueEmail('inv-later')
    const documentInvitation = await alice.client.post(`/api/v1/documents/${documentId}/shares`, { email })
    const collectionInvitation = await alice.client.post(sharesPath, { email, role: 'editor' })
    expect([documentInvitation.status, collectionInvitation.status]).toEqual([202, 202])

    const newcomer = new ApiClient()
    const { id } = await register(newcomer, { email, password: testPassword, name: 'Newcomer' })
    const invitations = (await newcomer.get('/api/v1/invitations')).data.items as Json[]
    expect(invitations.map(item => [item.kind, item.targetId, item.role])).toEqual([
      ['document', documentId, 'viewer'], ['collection', collectionId, 'editor'],
    ])
    expectProblem(await newcomer.get(`/api/v1/documents/${documentId}`), 404)
    expect((await newcomer.post(`/api/v1/invitations/${documentInvitation.data.invitationId}/accept`)).status).toBe(200)
    expect((await newcomer.get(`/api/v1/documents/${documentId}`)).status).toBe(200)
    expect(((await newcomer.get('/api/v1/documents?scope=shared')).data.items as Json[]).map(item => item.id)).toEqual([documentId])
    expectProblem(await newcomer.get(`/api/v1/collections/${collectionId}`), 404)
    expect((await newcomer.post(`/api/v1/invitations/${collectionInvitation.data.invitationId}/accept`)).status).toBe(200)
    expect((await newcomer.get(`/api/v1/collections/${collectionId}`)).data.role).toBe('editor')
    expect((await alice.client.get(`/api/v1/documents/${documentId}/shares`)).data.items).toEqual([
      { status: 'accepted', userId: id, email, name: 'Newcomer', role: 'viewer' },
    ])
  })

  it('lets the invitee decline: nothing is shared, and the owner sees the invitation gone', async () => {
    const dave = await user('inv-dave')
    const invited = await alice.client.post(sharesPath, { email: dave.email, role: 'viewer' })
    expect((await dave.client.delete(`/api/v1/invitations/${invited.data.invitationId}`)).status).toBe(204)
    expect((await dave.client.get('/api/v1/invitations')).data.items).toEqual([])
    expectProblem(await dave.client.get(`/api/v1/collections/${collectionId}`), 404)
    expectProblem(await dave.client.post(`/api/v1/invitations/${invited.data.invitationId}/accept`), 404)
    const emails = ((await alice.client.get(sharesPath)).data.items as Json[]).map(entry => entry.email)
    expect(emails).not.toContain(dave.email)
  })

  it('lets the owner withdraw a pending invitation, which the invitee then cannot accept', async () => {
    const erin = await user('inv-erin')
    const invited = await alice.client.post(`/api/v1/documents/${documentId}/shares`, { email: erin.email })
    expect((await erin.client.get('/api/v1/invitations')).data.items).toHaveLength(1)
    expect((await alice.client.delete(`/api/v1/invitations/${invited.data.invitationId}`)).status).toBe(204)
    expect((await erin.client.get('/api/v1/invitations')).data.items).toEqual([])
    expectProblem(await erin.client.post(`/api/v1/invitations/${invited.data.invitationId}/accept`), 404)
    expectProblem(await erin.client.get(`/api/v1/documents/${documentId}`), 404)
    expectProblem(await alice.client.delete(`/api/v1/invitations/${invited.data.invitationId}`), 404)
  })

  it('drops the invitations of a deleted collection or document', async () => {
    const frank = await user('inv-frank')
    const doomed = await newCollection(alice.client, 'Doomed')
    const own = (await alice.client.uploadReady('doomed.md', markdownChapter(uniqueWord('doom'), 2))).id
    await alice.client.post(`/api/v1/collections/${doomed}/shares`, { email: frank.email, role: 'viewer' })
    const documentInvitation = await alice.client.post(`/api/v1/documents/${own}/shares`, { email: frank.email })
    expect((await frank.client.get('/api/v1/invitations')).data.items).toHaveLength(2)
    expect((await alice.client.delete(`/api/v1/collections/${doomed}`)).status).toBe(204)
    expect((await alice.client.delete(`/api/v1/documents/${own}`)).status).toBe(204)
    expect((await frank.client.get('/api/v1/invitations')).data.items).toEqual([])
    expectProblem(await frank.client.post(`/api/v1/invitations/${documentInvitation.data.invitationId}/accept`), 404)
  })

  it('lets only the owner share, list the shares and see the invitations pending', async () => {
    const stranger = await user('inv-stranger')
    expectProblem(await stranger.client.post(sharesPath, { email: stranger.email, role: 'viewer' }), 404)
    expectProblem(await stranger.client.get(sharesPath), 404)
    expectProblem(await stranger.client.get(`/api/v1/documents/${documentId}/shares`), 404)
    // Bob edits the collection, but only its owner shares it.
    expectProblem(await bob.client.post(sharesPath, { email: stranger.email, role: 'viewer' }), 403)
    expectProblem(await bob.client.get(sharesPath), 403)
  })
})
