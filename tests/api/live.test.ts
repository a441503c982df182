import { afterEach, describe, expect, it } from 'vitest'
import { markdownChapter, uniqueWord } from '../support/content'
import { ApiClient, signedInClient } from '../support/http'
import { LiveClient } from '../support/live'

type Json = any // eslint-disable-line @typescript-eslint/no-explicit-any

const baseURL = () => new ApiClient().baseURL
const sockets: LiveClient[] = []

async function connect(client?: ApiClient) {
  const live = await LiveClient.connect(baseURL(), client?.cookieHeader)
  sockets.push(live)
  return live
}

afterEach(() => {
  for (const socket of sockets.splice(0)) socket.close()
})

const isDocument = (id: string, predicate: (document: Json) => boolean = () => true) =>
  (message: Json) => message.type === 'document' && message.document.id === id && predicate(message.document)

describe('/_ws live updates', () => {
  it('streams a freshly uploaded document: subscribed, its state, then progress up to ready', async () => {
    const { client } = await signedInClient('live')
    const live = await connect(client)
    const upload = await client.upload('live.md', markdownChapter(uniqueWord(), 8))
    expect(upload.status).toBe(202)
    const id = upload.data.id
    live.send({ type: 'subscribe', documentId: id })

    await live.waitFor(isDocument(id, document => document.status === 'ready'))
    const rest = await client.get(`/api/v1/documents/${id}`)
    const restAtoms = await client.getAll(`/api/v1/documents/${id}/atoms`)

    // The answer to the subscription comes first, then the document as it is now.
    expect(live.messages[0]).toEqual({ type: 'subscribed', channel: { kind: 'document', id }, documentId: id })
    expect(live.messages[1]).toMatchObject({ type: 'document', document: { id, ownerId: rest.data.ownerId } })
    const states = live.messages.filter(isDocument(id)).map(message => message.document)
    for (const state of states) expect(state.progress).toBeGreaterThanOrEqual(0)
    expect(states.map(state => state.progress)).toEqual([...states.map(state => state.progress)].sort((a, b) => a - b))
    expect(states.at(-1)).toMatchObject({ status: 'ready', progress: 1, atomCount: restAtoms.length })
    // Whatever part of the processing happened after subscribing arrived as atoms, each once, in order.
    const streamed = live.messages.filter(message => message.type === 'atoms').flatMap(message => message.atoms)
    const restIds = restAtoms.map(atom => atom.id)
    expect(streamed.map(atom => atom.id)).toEqual(restIds.slice(restIds.length - streamed.length))
    expect(live.messages.filter(message => message.type === 'error')).toEqual([])
  })

  it('streams every atom and every progress step of a run that starts after subscribing', async () => {
    const { client } = await signedInClient('live-run')
    const ready = await client.uploadReady('run.md', markdownChapter(uniqueWord(), 8))
    const live = await connect(client)
    live.send({ type: 'subscribe', documentId: ready.id })
    const snapshot = await live.waitFor(isDocument(ready.id))
    expect(snapshot.document).toMatchObject({ status: 'ready', progress: 1, atomCount: ready.atomCount })
    const from = live.messages.length

    expect((await client.post(`/api/v1/documents/${ready.id}/reprocess`)).status).toBe(202)
    await live.waitFor(isDocument(ready.id, document => document.status === 'ready'), { from })
    const restAtoms = await client.getAll(`/api/v1/documents/${ready.id}/atoms`)

    const run = live.messages.slice(from)
    const states = run.filter(isDocument(ready.id)).map(message => message.document)
    expect(states[0]).toMatchObject({ status: 'queued', progress: 0 })
    expect(states.some(state => state.status === 'processing')).toBe(true)
    const progress = states.map(state => state.progress)
    expect(progress).toEqual([...progress].sort((a, b) => a - b))
    expect(states.at(-1)).toMatchObject({ status: 'ready', progress: 1, atomCount: restAtoms.length })
    expect(states.filter(state => state.status === 'ready')).toHaveLength(1)

    const batches = run.filter(message => message.type === 'atoms')
    expect(batches.length).toBeGreaterThan(0)
    for (const batch of batches) expect(batch.documentId).toBe(ready.id)
    const streamed = batches.flatMap(batch => batch.atoms)
    expect(streamed.length).toBe(states.at(-1).atomCount)
    expect(streamed.map(atom => atom.id)).toEqual(restAtoms.map(atom => atom.id))
    expect(streamed).toEqual(restAtoms)
  })

  it('tells subscribers when the document is deleted', async () => {
    const { client } = await signedInClient('live-delete')
    const ready = await client.uploadReady('gone.md', markdownChapter(uniqueWord(), 1))
    const live = await connect(client)
    live.send({ type: 'subscribe', documentId: ready.id })
    await live.waitFor(isDocument(ready.id))
    expect((await client.delete(`/api/v1/documents/${ready.id}`)).status).toBe(204)
    expect(await live.waitFor(message => message.type === 'deleted')).toEqual({ type: 'deleted', documentId: ready.id, channel: { kind: 'document', id: ready.id } })
  })

  it('refuses the upgrade without a session cookie, or with a forged one', async () => {
    await expect(LiveClient.connect(baseURL())).rejects.toMatchObject({ status: 401 })
    await expect(LiveClient.connect(baseURL(), 'nuxt-session=Fe26.2**forged')).rejects.toMatchObject({ status: 401 })
    await expect(LiveClient.connect(baseURL(), 'other=cookie')).rejects.toMatchObject({ status: 401 })
    // The server is still well.
    expect((await new ApiClient().get('/api/health')).status).toBe(200)
  })

  it('answers a subscription to another user\'s document with an error, and sends none of its events', async () => {
    const { client: alice } = await signedInClient('live-owner')
    const { client: bob } = await signedInClient('live-snoop')
    const theirs = await alice.uploadReady('theirs.md', markdownChapter(uniqueWord(), 1))
    const mine = await bob.uploadReady('mine.md', markdownChapter(uniqueWord(), 1))
    const live = await connect(bob)
    live.send({ type: 'subscribe', documentId: theirs.id })
    expect(await live.waitFor(message => message.type === 'error')).toEqual({
      type: 'error', channel: { kind: 'document', id: theirs.id }, documentId: theirs.id, message: expect.stringContaining(theirs.id),
    })

    // Alice's document changes: reprocessed to ready, then deleted.
    expect((await alice.post(`/api/v1/documents/${theirs.id}/reprocess`)).status).toBe(202)
    await alice.waitForDocument(theirs.id)
    expect((await alice.delete(`/api/v1/documents/${theirs.id}`)).status).toBe(204)
    // A barrier: once Bob's own subscription is answered, anything sent before it has arrived.
    live.send({ type: 'subscribe', documentId: mine.id })
    await live.waitFor(isDocument(mine.id))
    expect(live.about(theirs.id)).toEqual([])
  })

  it('subscribes once to a document asked for twice at the same moment, and unsubscribes', async () => {
    const { client } = await signedInClient('live-twice')
    const first = await client.uploadReady('first.md', markdownChapter(uniqueWord(), 1))
    const second = await client.uploadReady('second.md', markdownChapter(uniqueWord(), 1))
    const live = await connect(client)
    live.sendTogether([{ type: 'subscribe', documentId: first.id }, { type: 'subscribe', documentId: first.id }])
    await live.waitFor(isDocument(first.id))
    live.send({ type: 'subscribe', documentId: second.id })
    await live.waitFor(isDocument(second.id))
    expect(live.messages.filter(message => message.type === 'subscribed' && message.documentId === first.id)).toHaveLength(1)

    const from = live.messages.length
    expect((await client.delete(`/api/v1/documents/${first.id}`)).status).toBe(204)
    await live.waitFor(message => message.type === 'deleted' && message.documentId === first.id, { from })
    live.send({ type: 'unsubscribe', documentId: second.id })
    expect((await client.delete(`/api/v1/documents/${second.id}`)).status).toBe(204)
    // Barrier again: a fresh subscription's answer comes after anything already on its way.
    const third = await client.uploadReady('third.md', markdownChapter(uniqueWord(), 1))
    live.send({ type: 'subscribe', documentId: third.id })
    await live.waitFor(isDocument(third.id), { from })
    const after = live.messages.slice(from)
    expect(after.filter(message => message.type === 'deleted')).toEqual([{ type: 'deleted', documentId: first.id, channel: { kind: 'document', id: first.id } }])
  })

  it('answers messages it does not understand with an error and keeps the connection', async () => {
    const { client } = await signedInClient('live-garbage')
    const live = await connect(client)
    live.socket.send('not json')
    expect(await live.waitFor(message => message.type === 'error')).toEqual({ type: 'error', message: 'messages must be JSON' })
    live.send({ type: 'dance' })
    expect(await live.waitFor(message => message.type === 'error', { from: 1 })).toEqual({ type: 'error', message: 'unknown message' })
    live.send({ type: 'subscribe', documentId: '../../etc' })
    expect(await live.waitFor(message => message.type === 'error', { from: 2 })).toEqual({ type: 'error', message: 'unknown message' })
    const ready = await client.uploadReady('still.md', markdownChapter(uniqueWord(), 1))
    live.send({ type: 'subscribe', documentId: ready.id })
    expect(await live.waitFor(message => message.type === 'subscribed')).toEqual({ type: 'subscribed', channel: { kind: 'document', id: ready.id }, documentId: ready.id })
  })
})
