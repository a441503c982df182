import type { Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { markdownBook } from '../support/content'
import { signedInClient } from '../support/http'
import { LiveClient } from '../support/live'
import { startServer, type RunningServer } from '../support/server'

type Json = any // eslint-disable-line @typescript-eslint/no-explicit-any

const ofType = (type: string) => (message: Json) => message.type === type
const bigSections = 200
const smallSections = 40

describe('/_ws heartbeats', () => {
  let server: RunningServer
  beforeAll(async () => {
    server = await startServer({ name: 'live-heartbeat', env: { NUXT_LIVE_HEARTBEAT_SECONDS: '1', NUXT_LIVE_HEARTBEAT_TIMEOUT_SECONDS: '3' } })
  }, 60_000)
  afterAll(() => server?.stop())

  it('pings every client, keeps one that answers and closes one that stays silent with 4408', async () => {
    const { client } = await signedInClient('heartbeat', undefined, server.baseURL)
    const answering = await LiveClient.connect(server.baseURL, client.cookieHeader)
    const silent = await LiveClient.connect(server.baseURL, client.cookieHeader, { silent: true })
    expect(silent.hello).toMatchObject({ type: 'hello', heartbeatSeconds: 1, timeoutSeconds: 3 })

    await silent.waitUntil(() => silent.closed !== undefined, 10_000)
    expect(silent.closed).toEqual({ code: 4408, reason: 'heartbeat timeout: no pong' })
    expect(silent.messages.filter(ofType('ping')).length).toBeGreaterThanOrEqual(2)

    // The client that answers outlived the timeout and is still served.
    expect(answering.closed).toBeUndefined()
    expect(answering.messages.filter(ofType('ping')).length).toBeGreaterThanOrEqual(3)
    answering.send({ type: 'ping' })
    await answering.waitFor(ofType('pong'))
    answering.close()
  }, 30_000)
})

describe('/_ws back-pressure', () => {
  // Edits of the big document announce more than the gap between the limits at once, those of the small one less.
  const softBytes = 64 * 1024
  const hardBytes = 256 * 1024
  let server: RunningServer
  beforeAll(async () => {
    server = await startServer({ name: 'live-backpressure', env: { NUXT_LIVE_SOFT_BUFFER_BYTES: String(softBytes), NUXT_LIVE_HARD_BUFFER_BYTES: String(hardBytes) } })
  }, 60_000)
  afterAll(() => server?.stop())

  it('closes a client that stops reading with 1013 once its buffer passes the hard limit, having sent it only a bounded part', async () => {
    const { client } = await signedInClient('slow-reader', undefined, server.baseURL)
    const ready = await client.uploadReady('big.md', markdownBook(bigSections, 3), {})
    const atoms = await client.getAll(`/api/v1/documents/${ready.id}/atoms`)
    const first = atoms[0]
    const split = first.body.indexOf('\n\n') + 2
    expect(split).toBeGreaterThan(1)
    // Splitting the first atom moves every later one down, so each split or merge announces all the document's atoms.
    const bytesPerEdit = JSON.stringify(atoms).length
    expect(bytesPerEdit).toBeGreaterThan(hardBytes)
    const live = await LiveClient.connect(server.baseURL, client.cookieHeader)
    live.send({ type: 'subscribe', channel: { kind: 'document', id: ready.id } })
    await live.waitFor(message => message.type === 'document' && message.document.id === ready.id)

    const raw = (live.socket as unknown as { _socket: Socket })._socket
    raw.pause()
    let published = 0
    // Well past what the kernel's socket buffers hold (a few MiB) plus the hard limit.
    while (published < 12 * 1024 * 1024) {
      const parts = await client.post(`/api/v1/atoms/${first.id}/split`, { offset: split })
      expect(parts.status).toBe(200)
      const merged = await client.post('/api/v1/atoms/merge', { ids: [parts.data.items[0].id, parts.data.items[1].id] })
      expect(merged.status).toBe(200)
      published += 2 * bytesPerEdit
    }
    raw.resume()

    await live.waitUntil(() => live.closed !== undefined, 30_000)
    expect(live.closed).toEqual({ code: 1013, reason: 'send buffer over limit: the client reads too slowly' })
    // What reached the client is what the kernel buffered plus at most the hard limit and one message:
    // far less than was published.
    expect(live.receivedBytes).toBeLessThan(published / 2)
    expect(live.messages.filter(ofType('atoms')).length).toBeLessThan(published / bytesPerEdit / 2)
    // The server is still well and serves a new connection.
    const again = await LiveClient.connect(server.baseURL, client.cookieHeader)
    again.send({ type: 'subscribe', channel: { kind: 'document', id: ready.id } })
    await again.waitFor(ofType('subscribed'))
    again.close()
  }, 180_000)

  it('tells a client that fell behind to resync, and keeps it, once it reads again', async () => {
    const { client } = await signedInClient('lagging-reader', undefined, server.baseURL)
    const ready = await client.uploadReady('lag.md', markdownBook(smallSections, 4), {})
    const atoms = await client.getAll(`/api/v1/documents/${ready.id}/atoms`)
    const first = atoms[0]
    const split = first.body.indexOf('\n\n') + 2
    const bytesPerEdit = JSON.stringify(atoms).length
    expect(bytesPerEdit).toBeLessThan(hardBytes - softBytes)
    const live = await LiveClient.connect(server.baseURL, client.cookieHeader)
    live.send({ type: 'subscribe', channel: { kind: 'document', id: ready.id } })
    await live.waitFor(message => message.type === 'document' && message.document.id === ready.id)

    const raw = (live.socket as unknown as { _socket: Socket })._socket
    raw.pause()
    // Edit until the server's buffer for this client is past the soft limit but far from the hard one:
    // the kernel buffers fill first, so edit in small steps, reading a little in between.
    let published = 0
    let resynced = false
    for (let round = 0; round < 200 && !resynced; round++) {
      const parts = await client.post(`/api/v1/atoms/${first.id}/split`, { offset: split })
      const merged = await client.post('/api/v1/atoms/merge', { ids: [parts.data.items[0].id, parts.data.items[1].id] })
      expect(merged.status).toBe(200)
      published += 2 * bytesPerEdit
      // Reading drains the buffer: the server then sends the resync it owes.
      if (published > 6 * 1024 * 1024 && round % 2 === 1) {
        raw.resume()
        await new Promise(resolve => setTimeout(resolve, 300))
        resynced = live.messages.some(ofType('resync'))
        if (!resynced) raw.pause()
      }
    }
    raw.resume()
    const resync = await live.waitFor(ofType('resync'))
    expect(resync).toEqual({ type: 'resync', channel: { kind: 'document', id: ready.id }, reason: 'slow-client' })
    expect(live.closed).toBeUndefined()
    // Still subscribed: the next edit arrives.
    const from = live.messages.length
    expect((await client.patch(`/api/v1/atoms/${first.id}`, { title: 'After the resync' })).status).toBe(200)
    const next = await live.waitFor(ofType('atoms'), { from })
    expect(next.atoms[0].title).toBe('After the resync')
    live.close()
  }, 180_000)
})
