import WebSocket from 'ws'
import { afterEach, describe, expect, it } from 'vitest'
import { markdownChapter, uniqueWord } from '../support/content'
import { openSubscription } from '../support/graphql'
import { ApiClient, shareAndAccept, signedInClient } from '../support/http'
import { LiveClient } from '../support/live'

const baseURL = () => new ApiClient().baseURL
const sockets: LiveClient[] = []

afterEach(() => {
  for (const socket of sockets.splice(0)) socket.close()
})

async function connect(client: ApiClient) {
  const live = await LiveClient.connect(baseURL(), client.cookieHeader)
  sockets.push(live)
  return live
}

/** Access ends, and so does the data: finding 4 of the security review. */
describe('live data after access ends', () => {
  it('a GraphQL subscription to a document ends when the document is unshared, and streams nothing after', async () => {
    const owner = await signedInClient('gql-owner')
    const reader = await signedInClient('gql-reader')
    const document = await owner.client.uploadReady('shared.md', markdownChapter(uniqueWord(), 6))
    await shareAndAccept(owner.client, reader.client, `/api/v1/documents/${document.id}/shares`, { email: reader.email })

    const subscription = await openSubscription(reader.client, 'subscription($id: ID!) { atomsCreated(documentId: $id) { documentId atoms { id } } }', { id: document.id })
    const deadline = Date.now() + 10_000
    while (subscription.payloads.length === 0 && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 50))
    expect(subscription.payloads.length).toBeGreaterThan(0)

    expect((await owner.client.delete(`/api/v1/documents/${document.id}/shares/${reader.user.id}`)).status).toBe(204)
    const endedByServer = await Promise.race([subscription.ended, new Promise<boolean>(resolve => setTimeout(() => resolve(false), 10_000))])
    expect(endedByServer).toBe(true)
    const seen = subscription.payloads.length
    // A new run of the document publishes atoms again: none reach the former reader.
    expect((await owner.client.post(`/api/v1/documents/${document.id}/reprocess`)).status).toBe(202)
    await owner.client.waitForDocument(document.id)
    expect(subscription.payloads).toHaveLength(seen)
    subscription.close()
  })

  it('a GraphQL subscription ends when its session signs out', async () => {
    const { client } = await signedInClient('gql-sign-out')
    const document = await client.uploadReady('mine.md', markdownChapter(uniqueWord(), 3))
    const subscription = await openSubscription(client, 'subscription($id: ID!) { documentProgress(documentId: $id) { id status } }', { id: document.id })
    expect((await client.post('/api/v1/auth/logout')).status).toBe(204)
    const endedByServer = await Promise.race([subscription.ended, new Promise<boolean>(resolve => setTimeout(() => resolve(false), 10_000))])
    expect(endedByServer).toBe(true)
    subscription.close()
  })

  it('the WebSocket closes with 4401 when its session signs out, on this or any other request', async () => {
    const { client } = await signedInClient('ws-sign-out')
    const live = await connect(client)
    expect((await client.post('/api/v1/auth/logout')).status).toBe(204)
    await live.waitUntil(() => live.closed !== undefined, 10_000)
    expect(live.closed!.code).toBe(4401)
  })

  it('the WebSocket refuses a frame larger than a message may be at the transport (1009)', async () => {
    const { client } = await signedInClient('ws-frame')
    const live = await connect(client)
    live.socket.send('x'.repeat(1024 * 1024))
    await live.waitUntil(() => live.closed !== undefined, 10_000)
    expect(live.closed!.code).toBe(1009)
  })

  it('the WebSocket upgrade refuses a page of another origin, and takes its own', async () => {
    const { client } = await signedInClient('ws-origin')
    const url = `${baseURL().replace(/^http/, 'ws')}/_ws`
    const status = (origin: string) => new Promise<number>((resolve, reject) => {
      const socket = new WebSocket(url, { headers: { cookie: client.cookieHeader, origin } })
      socket.once('unexpected-response', (_request, response) => {
        socket.terminate()
        resolve(response.statusCode!)
      })
      socket.once('open', () => {
        socket.close()
        resolve(101)
      })
      socket.once('error', reject)
    })
    expect(await status('https://evil.example')).toBe(403)
    expect(await status(baseURL())).toBe(101)
  })
})
