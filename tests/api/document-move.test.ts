import { describe, expect, it } from 'vitest'
import { markdownChapter, uniqueWord } from '../support/content'
import { shareAndAccept, signedInClient } from '../support/http'
import { expectProblem } from '../support/problems'

/** Moving a document changes who reads it: only its owner decides that (finding 2 of the security review). */
describe('moving a document between collections', () => {
  it('an editor of a shared collection cannot take its owner\'s document into a collection of their own, and so to others', async () => {
    const bob = await signedInClient('move-bob')
    const mallory = await signedInClient('move-mallory')
    const carol = await signedInClient('move-carol')
    const collectionA = (await bob.client.post('/api/v1/collections', { name: 'Bob\'s notes' })).data.id
    const document = await bob.client.uploadReady('private.md', markdownChapter(uniqueWord(), 3), { collectionId: collectionA })
    await shareAndAccept(bob.client, mallory.client, `/api/v1/collections/${collectionA}/shares`, { email: mallory.email, role: 'editor' })

    const collectionM = (await mallory.client.post('/api/v1/collections', { name: 'Mallory\'s' })).data.id
    await shareAndAccept(mallory.client, carol.client, `/api/v1/collections/${collectionM}/shares`, { email: carol.email, role: 'viewer' })
    const move = await mallory.client.put(`/api/v1/documents/${document.id}/collection`, { collectionId: collectionM })
    expect(expectProblem(move, 403).detail).toMatch(/owner/)
    // Nor out of every collection.
    expectProblem(await mallory.client.put(`/api/v1/documents/${document.id}/collection`, { collectionId: null }), 403)

    // Nothing moved: A still lists it, and Carol cannot read it or download the file.
    const listed = await bob.client.getAll(`/api/v1/collections/${collectionA}/documents`)
    expect(listed.map(each => each.id)).toContain(document.id)
    expect((await bob.client.get(`/api/v1/documents/${document.id}`)).data.collectionId).toBe(collectionA)
    expectProblem(await carol.client.get(`/api/v1/documents/${document.id}/file`), 404)
    expect(await carol.client.getAll(`/api/v1/collections/${collectionM}/documents`)).toEqual([])
  })

  it('an editor may move it between collections its owner shares with them, and the owner anywhere they may edit', async () => {
    const owner = await signedInClient('move-owner')
    const editor = await signedInClient('move-editor')
    const [first, second] = await Promise.all(['First', 'Second'].map(async name => (await owner.client.post('/api/v1/collections', { name })).data.id))
    for (const collection of [first, second]) await shareAndAccept(owner.client, editor.client, `/api/v1/collections/${collection}/shares`, { email: editor.email, role: 'editor' })
    const document = await owner.client.uploadReady('moving.md', markdownChapter(uniqueWord(), 3), { collectionId: first })

    const moved = await editor.client.put(`/api/v1/documents/${document.id}/collection`, { collectionId: second })
    expect(moved.status).toBe(200)
    expect(moved.data.collectionId).toBe(second)

    const own = (await owner.client.post('/api/v1/collections', { name: 'Just mine' })).data.id
    expect((await owner.client.put(`/api/v1/documents/${document.id}/collection`, { collectionId: own })).data.collectionId).toBe(own)
    expect((await owner.client.put(`/api/v1/documents/${document.id}/collection`, { collectionId: null })).data.collectionId).toBeNull()
  })
})
