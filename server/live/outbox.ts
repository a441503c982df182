import { liveCloseCodes, type LiveChannel, type LiveForwardedEvent, type LiveServerMessage } from '../../shared/schemas/live'
import { channelName } from '../../shared/utils/live-channels'

/** The part of a WebSocket the outbox needs: how much it has not sent yet, and sending and closing. */
export interface OutboxSocket {
  readonly bufferedAmount: number
  send(text: string): void
  close(code: number, reason: string): void
  /** Drops the connection at once, for a peer that does not even read the close frame. */
  terminate(): void
}

export interface OutboxLimits {
  /** Above this many unsent bytes, replaceable messages are coalesced and event batches dropped (with a resync). */
  softBytes: number
  /** Above this many, the peer is closed (1013). */
  hardBytes: number
}

/**
 * How a message may be treated when the peer reads too slowly:
 * - `control`: small and never dropped (answers, pings, resyncs, deletions);
 * - `replaceable`: only the latest of each `key` matters (a document's status and progress);
 * - `essential`: must not be lost silently; dropped only together with a resync of its channel.
 */
export type Delivery
  = | { kind: 'control' }
    | { kind: 'replaceable', key: string, channel: LiveChannel }
    | { kind: 'essential', channel: LiveChannel }

export type Decision = 'send' | 'hold' | 'drop' | 'close'

/** The back-pressure policy, given what the socket has not sent yet. */
export function decide(bufferedBytes: number, kind: Delivery['kind'], limits: OutboxLimits): Decision {
  if (bufferedBytes > limits.hardBytes) return 'close'
  if (bufferedBytes <= limits.softBytes || kind === 'control') return 'send'
  return kind === 'replaceable' ? 'hold' : 'drop'
}

export interface OutboxOptions extends OutboxLimits {
  /** How often held messages are retried while the buffer drains. */
  flushMs?: number
  /** After closing a peer for being slow, how long it gets to read the close frame before it is dropped. */
  closeGraceMs?: number
}

/**
 * Sends one peer's messages under the back-pressure policy. Held messages (the latest of each key) and
 * resyncs go out, before anything newer, once the buffer is back under the soft limit.
 */
export class Outbox {
  private readonly held = new Map<string, { message: LiveServerMessage, channel: string }>()
  private readonly resyncs = new Map<string, LiveChannel>()
  private timer: ReturnType<typeof setInterval> | undefined
  private closed = false

  constructor(private readonly socket: OutboxSocket, private readonly options: OutboxOptions) {}

  get isClosed() {
    return this.closed
  }

  send(message: LiveServerMessage, delivery: Delivery = { kind: 'control' }): void {
    if (this.closed) return
    const buffered = this.socket.bufferedAmount
    const decision = decide(buffered, delivery.kind, this.options)
    if (decision === 'close') return this.closeSlow()
    if (decision === 'send') {
      if (delivery.kind === 'replaceable') this.held.delete(delivery.key)
      // A control message may pass a full buffer; what waits goes only once the buffer has drained.
      if (buffered <= this.options.softBytes) this.flush()
      this.write(message)
      return
    }
    if (delivery.kind === 'replaceable' && decision === 'hold') {
      this.held.set(delivery.key, { message, channel: channelName(delivery.channel) })
    }
    else if (delivery.kind === 'essential') {
      this.resyncs.set(channelName(delivery.channel), delivery.channel)
    }
    this.retryLater()
  }

  /** Drops what is waiting for a subscription that ended. */
  forget(channel: LiveChannel): void {
    const name = channelName(channel)
    this.resyncs.delete(name)
    for (const [key, entry] of this.held) if (entry.channel === name) this.held.delete(key)
  }

  /** Stops the timers; the socket is closing or closed. */
  dispose(): void {
    this.closed = true
    clearInterval(this.timer)
    this.timer = undefined
    this.held.clear()
    this.resyncs.clear()
  }

  private get pending() {
    return this.held.size + this.resyncs.size
  }

  /** Sends resyncs first (the client reloads those subscriptions), then the latest held states. */
  private flush(): void {
    if (this.pending === 0) return
    for (const channel of this.resyncs.values()) this.write({ type: 'resync', channel, reason: 'slow-client' })
    this.resyncs.clear()
    for (const { message } of this.held.values()) this.write(message)
    this.held.clear()
  }

  private retryLater(): void {
    if (this.timer) return
    this.timer = setInterval(() => {
      const decision = decide(this.socket.bufferedAmount, 'essential', this.options)
      if (decision === 'close') return this.closeSlow()
      if (decision !== 'send') return
      this.flush()
      clearInterval(this.timer)
      this.timer = undefined
    }, this.options.flushMs ?? 100)
    this.timer.unref?.()
  }

  private write(message: LiveServerMessage): void {
    this.socket.send(JSON.stringify(message))
  }

  private closeSlow(): void {
    this.dispose()
    this.socket.close(liveCloseCodes.tooSlow, 'send buffer over limit: the client reads too slowly')
    // The close frame waits behind everything unsent; a peer that never reads it is dropped.
    setTimeout(() => this.socket.terminate(), this.options.closeGraceMs ?? 30_000).unref?.()
  }
}

/** How each forwarded event is treated under back-pressure. */
export function deliveryOf(event: LiveForwardedEvent, channel: LiveChannel): Delivery {
  switch (event.type) {
    case 'document':
      return { kind: 'replaceable', key: `${channelName(channel)}|${event.document.id}`, channel }
    case 'deleted':
    case 'collection-deleted':
      return { kind: 'control' }
    default:
      return { kind: 'essential', channel }
  }
}
