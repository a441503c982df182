import { randomUUID } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { markdownChapter, uniqueWord } from '../support/content'
import { ApiClient, shareAndAccept, signedInClient } from '../support/http'
import { LiveClient } from '../support/live'

type Json = any // eslint-disable-line @typescript-eslint/no-explicit-any

const baseURL = () => new ApiClient().baseURL
const sockets: LiveClient[] = []

async function connect(client: ApiClient) {
  const live = await LiveClient.connect(baseURL(), client.cookieHeader)
  sockets.push(live)
  return live
}

afterEach(() => {
  for (const socket of sockets.splice(0)) socket.close()
})

async function newCollection(client: ApiClient, name = 'Live collection'): Promise<string> {
  const response = await client.post('/api/v1/collections', { name })
  expect(response.status).toBe(201)
  return response.data.id
}

const on = (kind: string, id: string) => (message: Json) => message.channel?.kind === kind && message.channel?.id === id
const both = (...predicates: ((message: Json) => boolean)[]) => (message: Json) => predicates.every(predicate => predicate(message))
const ofType = (type: string) => (message: Json) => message.type === type

async function subscribe(live: LiveClient, kind: string, id: string) {
  live.send({ type: 'subscribe', channel: { kind, id } })
  return live.waitFor(both(ofType('subscribed'), on(kind, id)))
}

describe('/_ws channels', () => {
  it('says hello with the heartbeat and limits, and answers a ping', async () => {
    const { client, user } = await signedInClient('live-hello')
    const live = await connect(client)
    expect(live.hello).toEqual({ type: 'hello', userId: user.id, heartbeatSeconds: 25, timeoutSeconds: 60, maxSubscriptions: 50 })
    live.send({ type: 'ping' })
    expect(await live.waitFor(ofType('pong'))).toEqual({ type: 'pong' })
  })

  it('streams an upload into a collection to its subscribers: added, progress up to ready, and its atoms', async () => {
    const { client } = await signedInClient('live-collection')
    const collectionId = await newCollection(client)
    const live = await connect(client)
    expect(await subscribe(live, 'collection', collectionId)).toEqual({ type: 'subscribed', channel: { kind: 'collection', id: collectionId } })

    const upload = await client.upload('in-collection.md', markdownChapter(uniqueWord(), 8), { collectionId })
    expect(upload.status).toBe(202)
    const id = upload.data.id
    const fromCollection = on('collection', collectionId)
    const added = await live.waitFor(both(ofType('document-added'), fromCollection))
    expect(added).toMatchObject({ collectionId, document: { id, collectionId, status: 'queued' } })
    await live.waitFor(both(ofType('document'), fromCollection, message => message.document.id === id && message.document.status === 'ready'))

    const states = live.messages.filter(both(ofType('document'), fromCollection)).map(message => message.document)
    expect(states.some(state => state.status === 'processing')).toBe(true)
    expect(states.map(state => state.progress)).toEqual([...states.map(state => state.progress)].sort((a, b) => a - b))
    const restAtoms = await client.getAll(`/api/v1/documents/${id}/atoms`)
    const batches = live.messages.filter(both(ofType('atoms'), fromCollection))
    expect(batches.flatMap(batch => batch.atoms).map((atom: Json) => atom.id)).toEqual(restAtoms.map(atom => atom.id))
    // A first run creates every atom.
    expect(batches.flatMap(batch => batch.created)).toEqual(restAtoms.map(atom => atom.id))
    expect(live.messages.filter(ofType('error'))).toEqual([])
  })

  it('tells a collection\'s subscribers of documents moved in and out, and of edits to their atoms', async () => {
    const { client } = await signedInClient('live-moves')
    const collectionId = await newCollection(client)
    const ready = await client.uploadReady('moved.md', markdownChapter(uniqueWord(), 4))
    const live = await connect(client)
    await subscribe(live, 'collection', collectionId)
    await subscribe(live, 'document', ready.id)
    const fromCollection = on('collection', collectionId)

    expect((await client.put(`/api/v1/documents/${ready.id}/collection`, { collectionId })).status).toBe(200)
    expect(await live.waitFor(both(ofType('document-added'), fromCollection))).toMatchObject({ collectionId, document: { id: ready.id, collectionId } })
    // The document's own subscribers see where it is now.
    await live.waitFor(both(ofType('document'), on('document', ready.id), message => message.document.collectionId === collectionId))

    const [atom] = await client.getAll(`/api/v1/documents/${ready.id}/atoms`)
    expect((await client.patch(`/api/v1/atoms/${atom.id}`, { title: 'Edited live' })).status).toBe(200)
    for (const channel of [fromCollection, on('document', ready.id)]) {
      const updated = await live.waitFor(both(ofType('atoms'), channel))
      expect(updated).toMatchObject({ documentId: ready.id, created: [] })
      expect(updated.atoms.map((edited: Json) => [edited.id, edited.title])).toEqual([[atom.id, 'Edited live']])
    }

    const from = live.messages.length
    expect((await client.put(`/api/v1/documents/${ready.id}/collection`, { collectionId: null })).status).toBe(200)
    expect(await live.waitFor(both(ofType('document-removed'), fromCollection), { from }))
      .toEqual({ type: 'document-removed', collectionId, documentId: ready.id, channel: { kind: 'collection', id: collectionId } })
    // Out of the collection, its events no longer reach the collection's subscribers.
    expect((await client.patch(`/api/v1/atoms/${atom.id}`, { title: 'Edited again' })).status).toBe(200)
    await live.waitFor(both(ofType('atoms'), on('document', ready.id)), { from })
    await subscribe(live, 'user', (await client.get('/api/v1/auth/me')).data.id)
    expect(live.messages.slice(from).filter(both(ofType('atoms'), fromCollection))).toEqual([])
  })

  it('tells the learner\'s other connections of reviews posted from one session', async () => {
    const { client: laptop, email, user } = await signedInClient('live-reviews')
    const phone = new ApiClient()
    expect((await phone.post('/api/v1/auth/login', { email, password: 'correct horse battery' })).status).toBe(200)
    const ready = await laptop.uploadReady('study.md', markdownChapter(uniqueWord(), 4))
    const [card] = (await laptop.get(`/api/v1/study/cards?documentId=${ready.id}`)).data.items
    const live = await connect(phone)
    expect(await subscribe(live, 'user', user.id)).toEqual({ type: 'subscribed', channel: { kind: 'user', id: user.id } })

    const review = { id: randomUUID(), cardId: card.cardId, atomId: card.atomId, rating: 3, reviewedAt: new Date().toISOString() }
    const posted = await laptop.post('/api/v1/reviews', { reviews: [review] })
    expect(posted.status).toBe(200)
    const synced = await live.waitFor(ofType('reviews-synced'))
    expect(synced).toEqual({ type: 'reviews-synced', userId: user.id, accepted: [review.id], states: posted.data.states, channel: { kind: 'user', id: user.id } })

    // A replayed batch changes nothing and announces nothing.
    expect((await laptop.post('/api/v1/reviews', { reviews: [review] })).data.duplicates).toEqual([review.id])
    await subscribe(live, 'document', ready.id)
    expect(live.messages.filter(ofType('reviews-synced'))).toHaveLength(1)
  })

  it('refuses others\' documents, collections and user channels with an error, and keeps the connection', async () => {
    const { client: alice, user: aliceUser } = await signedInClient('live-owner')
    const { client: bob } = await signedInClient('live-other')
    const document = await alice.uploadReady('private.md', markdownChapter(uniqueWord(), 1))
    const collectionId = await newCollection(alice)
    const live = await connect(bob)
    for (const [kind, id] of [['document', document.id], ['collection', collectionId], ['user', aliceUser.id]] as const) {
      live.send({ type: 'subscribe', channel: { kind, id } })
      const refused = await live.waitFor(both(ofType('error'), on(kind, id)))
      expect(refused.message).toMatch(kind === 'user' ? /your own user channel/ : new RegExp(`no ${kind} ${id}`))
    }
    // Alice's reviews and edits reach none of Bob's subscriptions.
    const [atom] = await alice.getAll(`/api/v1/documents/${document.id}/atoms`)
    expect((await alice.patch(`/api/v1/atoms/${atom.id}`, { title: 'Not for Bob' })).status).toBe(200)
    const mine = await bob.uploadReady('mine.md', markdownChapter(uniqueWord(), 1))
    await subscribe(live, 'document', mine.id)
    expect(live.messages.filter(message => message.type !== 'error' && message.channel?.id !== mine.id)).toEqual([])
  })

  it('ends a subscription when its share is removed or its collection deleted', async () => {
    const { client: alice } = await signedInClient('live-sharer')
    const { client: bob, email: bobEmail, user: bobUser } = await signedInClient('live-reader')
    const document = await alice.uploadReady('shared.md', markdownChapter(uniqueWord(), 1))
    const collectionId = await newCollection(alice)
    await shareAndAccept(alice, bob, `/api/v1/documents/${document.id}/shares`, { email: bobEmail })
    await shareAndAccept(alice, bob, `/api/v1/collections/${collectionId}/shares`, { email: bobEmail, role: 'viewer' })
    const live = await connect(bob)
    await subscribe(live, 'document', document.id)
    await subscribe(live, 'collection', collectionId)

    expect((await alice.delete(`/api/v1/documents/${document.id}/shares/${bobUser.id}`)).status).toBe(204)
    expect(await live.waitFor(ofType('unsubscribed'))).toEqual({
      type: 'unsubscribed', channel: { kind: 'document', id: document.id }, documentId: document.id, reason: 'access-revoked',
    })
    // Events after that are not sent.
    const from = live.messages.length
    expect((await alice.delete(`/api/v1/documents/${document.id}`)).status).toBe(204)

    expect((await alice.delete(`/api/v1/collections/${collectionId}`)).status).toBe(204)
    await live.waitFor(both(ofType('collection-deleted'), on('collection', collectionId)), { from })
    expect(await live.waitFor(ofType('unsubscribed'), { from })).toEqual({ type: 'unsubscribed', channel: { kind: 'collection', id: collectionId }, reason: 'deleted' })
    expect(live.about(document.id).slice(from)).toEqual([])
  })

  it('ends a collection subscription when the collection is no longer shared', async () => {
    const { client: alice } = await signedInClient('live-unsharer')
    const { client: bob, email: bobEmail, user: bobUser } = await signedInClient('live-unshared')
    const collectionId = await newCollection(alice)
    await shareAndAccept(alice, bob, `/api/v1/collections/${collectionId}/shares`, { email: bobEmail, role: 'viewer' })
    const live = await connect(bob)
    await subscribe(live, 'collection', collectionId)
    expect((await alice.delete(`/api/v1/collections/${collectionId}/shares/${bobUser.id}`)).status).toBe(204)
    expect(await live.waitFor(ofType('unsubscribed'))).toEqual({ type: 'unsubscribed', channel: { kind: 'collection', id: collectionId }, reason: 'access-revoked' })
    const upload = await alice.upload('later.md', markdownChapter(uniqueWord(), 1), { collectionId })
    await alice.waitForDocument(upload.data.id)
    await subscribe(live, 'user', bobUser.id)
    expect(live.messages.filter(on('collection', collectionId)).map(message => message.type)).toEqual(['subscribed', 'unsubscribed'])
  })
})
