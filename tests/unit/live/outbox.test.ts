import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { deliveryOf, decide, Outbox, type OutboxSocket } from '../../../server/live/outbox'
import type { LiveChannel, LiveServerMessage } from '../../../shared/schemas/live'
import type { DocumentView } from '../../../shared/schemas/document'

/** A socket whose unsent byte count the test sets, recording what was written and how it was closed. */
class SlowSocket implements OutboxSocket {
  bufferedAmount = 0
  readonly sent: LiveServerMessage[] = []
  closed?: { code: number, reason: string }
  terminated = false
  send(text: string) {
    this.sent.push(JSON.parse(text))
  }

  close(code: number, reason: string) {
    this.closed = { code, reason }
  }

  terminate() {
    this.terminated = true
  }
}

const limits = { softBytes: 1000, hardBytes: 5000 }
const channel: LiveChannel = { kind: 'document', id: 'd1' }
const view = (progress: number) => ({ id: 'd1', progress, status: 'processing' }) as DocumentView
const progress = (value: number): LiveServerMessage => ({ type: 'document', document: view(value), channel })
const atoms = (id: string): LiveServerMessage => ({ type: 'atoms', documentId: 'd1', atoms: [{ id } as never], channel })
const send = (outbox: Outbox, message: LiveServerMessage) => {
  const { channel: _channel, ...event } = message as Extract<LiveServerMessage, { channel: LiveChannel }>
  outbox.send(message, deliveryOf(event as never, channel))
}

describe('the back-pressure policy', () => {
  it('sends under the soft limit, holds or drops over it, and closes over the hard limit', () => {
    expect(decide(1000, 'essential', limits)).toBe('send')
    expect(decide(1001, 'replaceable', limits)).toBe('hold')
    expect(decide(1001, 'essential', limits)).toBe('drop')
    expect(decide(4999, 'control', limits)).toBe('send')
    expect(decide(5001, 'control', limits)).toBe('close')
  })

  it('treats document states as replaceable per document, atom events as essential and deletions as control', () => {
    expect(deliveryOf({ type: 'document', document: view(0.5) }, channel)).toEqual({ kind: 'replaceable', key: 'document:d1|d1', channel })
    expect(deliveryOf({ type: 'atoms', documentId: 'd1', atoms: [] }, channel)).toEqual({ kind: 'essential', channel })
    expect(deliveryOf({ type: 'atoms-removed', documentId: 'd1', atomIds: [] }, channel)).toEqual({ kind: 'essential', channel })
    expect(deliveryOf({ type: 'reviews-synced', userId: 'u', accepted: [], states: [] }, { kind: 'user', id: 'u' }).kind).toBe('essential')
    expect(deliveryOf({ type: 'deleted', documentId: 'd1' }, channel)).toEqual({ kind: 'control' })
  })
})

describe('Outbox', () => {
  let socket: SlowSocket
  let outbox: Outbox
  beforeEach(() => {
    vi.useFakeTimers()
    socket = new SlowSocket()
    outbox = new Outbox(socket, { ...limits, flushMs: 100, closeGraceMs: 2000 })
  })
  afterEach(() => {
    outbox.dispose()
    vi.useRealTimers()
  })

  it('sends everything in order while the client keeps up', () => {
    send(outbox, progress(0.1))
    send(outbox, atoms('a1'))
    send(outbox, progress(0.2))
    expect(socket.sent).toEqual([progress(0.1), atoms('a1'), progress(0.2)])
  })

  it('keeps only the latest progress, replaces dropped atoms by one resync, and sends both once the buffer drains', () => {
    socket.bufferedAmount = 2000
    send(outbox, progress(0.1))
    send(outbox, atoms('a1'))
    send(outbox, progress(0.2))
    send(outbox, atoms('a2'))
    outbox.send({ type: 'pong' })
    // Only the control message went out.
    expect(socket.sent).toEqual([{ type: 'pong' }])
    vi.advanceTimersByTime(500)
    expect(socket.sent).toHaveLength(1)

    socket.bufferedAmount = 0
    vi.advanceTimersByTime(100)
    expect(socket.sent.slice(1)).toEqual([{ type: 'resync', channel, reason: 'slow-client' }, progress(0.2)])
    send(outbox, atoms('a3'))
    expect(socket.sent.at(-1)).toEqual(atoms('a3'))
    expect(socket.sent).toHaveLength(4)
  })

  it('sends what it held before a newer message once under the soft limit, and drops a held state a newer one replaces', () => {
    socket.bufferedAmount = 2000
    send(outbox, atoms('a1'))
    send(outbox, progress(0.3))
    socket.bufferedAmount = 0
    send(outbox, atoms('a2'))
    expect(socket.sent).toEqual([{ type: 'resync', channel, reason: 'slow-client' }, progress(0.3), atoms('a2')])

    socket.bufferedAmount = 2000
    send(outbox, progress(0.4))
    socket.bufferedAmount = 0
    send(outbox, progress(0.5))
    expect(socket.sent.slice(3)).toEqual([progress(0.5)])
  })

  it('forgets what it held for a subscription that ended', () => {
    socket.bufferedAmount = 2000
    send(outbox, progress(0.1))
    send(outbox, atoms('a1'))
    outbox.forget(channel)
    socket.bufferedAmount = 0
    vi.advanceTimersByTime(100)
    expect(socket.sent).toEqual([])
  })

  it('closes a peer over the hard limit with 1013, sends nothing after, and drops it if it never reads the close', () => {
    socket.bufferedAmount = 6000
    send(outbox, progress(0.1))
    expect(socket.closed).toEqual({ code: 1013, reason: expect.stringContaining('too slowly') })
    expect(outbox.isClosed).toBe(true)
    outbox.send({ type: 'pong' })
    expect(socket.sent).toEqual([])
    expect(socket.terminated).toBe(false)
    vi.advanceTimersByTime(2000)
    expect(socket.terminated).toBe(true)
  })

  it('closes a peer whose buffer keeps growing while messages wait', () => {
    socket.bufferedAmount = 2000
    send(outbox, atoms('a1'))
    socket.bufferedAmount = 9000
    vi.advanceTimersByTime(100)
    expect(socket.closed?.code).toBe(1013)
  })
})
