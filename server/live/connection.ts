import {
  liveClientMessageSchema, liveCloseCodes,
  type LiveChannel, type LiveEndReason, type LiveEvent, type LiveForwardedEvent, type LiveServerMessage,
} from '../../shared/schemas/live'
import { channelName } from '../../shared/utils/live-channels'
import type { Drivers } from '../drivers'
import type { Actor } from '../services/actor'
import { toDocumentView } from '../services/documents'
import { authorise, isRefusal, refusal } from './channels'
import { Heartbeat } from './heartbeat'
import { deliveryOf, Outbox, type OutboxSocket } from './outbox'

export interface LiveSettings {
  heartbeatSeconds: number
  timeoutSeconds: number
  softBufferBytes: number
  hardBufferBytes: number
}

export const maxSubscriptionsPerPeer = 50
/** Client messages are small JSON objects; anything larger is refused unread. */
const maxMessageChars = 4096
/** Access is checked again on an event when the last check is older than this (revocations that sent no signal). */
const accessRecheckMs = 30_000
/** A peer closed for silence gets this long to answer the close frame before it is dropped. */
const closeGraceMs = 30_000

interface Subscription {
  channel: LiveChannel
  /** Ends the event-bus subscription; unset while the subscription is being set up. */
  end?: () => Promise<void>
  checkedAt: number
  /** Events are handled one after another (an access check may wait), so they keep their order. */
  queue: Promise<void>
}

/** The first protocol named a document subscription by `documentId`; document answers still carry it. */
const documentIdOf = (channel: LiveChannel) => (channel.kind === 'document' ? { documentId: channel.id } : {})

/**
 * One signed-in WebSocket: its subscriptions (each authorised, and checked again when access may have
 * changed), its heartbeat and its outbox. Bad messages are answered with an error; the connection stays.
 */
export class LiveConnection {
  private readonly subscriptions = new Map<string, Subscription>()
  private readonly outbox: Outbox
  private readonly heartbeat: Heartbeat
  private closed = false

  constructor(
    private readonly socket: OutboxSocket,
    private readonly actor: Actor,
    private readonly drivers: Pick<Drivers, 'store' | 'events'>,
    private readonly settings: LiveSettings,
  ) {
    this.outbox = new Outbox(socket, { softBytes: settings.softBufferBytes, hardBytes: settings.hardBufferBytes })
    this.heartbeat = new Heartbeat({
      intervalMs: settings.heartbeatSeconds * 1000,
      timeoutMs: settings.timeoutSeconds * 1000,
      ping: () => this.send({ type: 'ping' }),
      expire: () => this.expire(),
    })
  }

  open(): void {
    this.send({
      type: 'hello', userId: this.actor.id, heartbeatSeconds: this.settings.heartbeatSeconds,
      timeoutSeconds: this.settings.timeoutSeconds, maxSubscriptions: maxSubscriptionsPerPeer,
    })
    this.heartbeat.start()
  }

  async receive(text: string): Promise<void> {
    this.heartbeat.seen()
    if (text.length > maxMessageChars) return this.send({ type: 'error', message: 'message too large' })
    let json: unknown
    try {
      json = JSON.parse(text)
    }
    catch {
      return this.send({ type: 'error', message: 'messages must be JSON' })
    }
    const parsed = liveClientMessageSchema.safeParse(json)
    if (!parsed.success) return this.send({ type: 'error', message: 'unknown message' })
    const message = parsed.data
    switch (message.type) {
      case 'ping':
        return this.send({ type: 'pong' })
      case 'pong':
        return
      case 'subscribe':
        return this.subscribe(message.channel)
      case 'unsubscribe': {
        const subscription = this.subscriptions.get(channelName(message.channel))
        if (subscription) return this.end(subscription, 'requested')
        return this.send({ type: 'unsubscribed', channel: message.channel, reason: 'requested', ...documentIdOf(message.channel) })
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true
    this.heartbeat.stop()
    this.outbox.dispose()
    const ends = [...this.subscriptions.values()].flatMap(subscription => subscription.end ?? [])
    this.subscriptions.clear()
    await Promise.allSettled(ends.map(end => end()))
  }

  private send(message: LiveServerMessage): void {
    this.outbox.send(message)
  }

  private async subscribe(channel: LiveChannel): Promise<void> {
    const key = channelName(channel)
    // Already subscribed, or being subscribed by a message read at the same moment: answered once.
    if (this.subscriptions.has(key)) return
    if (this.subscriptions.size >= maxSubscriptionsPerPeer) {
      return this.send({ type: 'error', channel, ...documentIdOf(channel), message: 'too many subscriptions' })
    }
    let open!: () => void
    const subscription: Subscription = { channel, checkedAt: Date.now(), queue: new Promise<void>(resolve => open = resolve) }
    this.subscriptions.set(key, subscription)
    try {
      await authorise(this.drivers.store, this.actor, channel)
    }
    catch (error) {
      if (this.subscriptions.get(key) === subscription) this.subscriptions.delete(key)
      if (!isRefusal(error)) console.error('[live] checking a subscription failed', error)
      return this.send({ type: 'error', channel, ...documentIdOf(channel), message: refusal(channel) })
    }
    let end: () => Promise<void>
    try {
      end = await this.drivers.events.subscribe(key, (event) => {
        subscription.queue = subscription.queue
          .then(() => this.deliver(subscription, event as LiveEvent))
          .catch(error => console.error('[live] delivering an event failed', error))
      })
    }
    catch (error) {
      if (this.subscriptions.get(key) === subscription) this.subscriptions.delete(key)
      console.error('[live] subscribing to the event bus failed', error)
      return this.send({ type: 'error', channel, ...documentIdOf(channel), message: 'could not subscribe now; try again' })
    }
    // Unsubscribed or disconnected meanwhile: end the subscription instead of keeping it for nobody.
    if (this.closed || this.subscriptions.get(key) !== subscription) return end()
    subscription.end = end
    this.send({ type: 'subscribed', channel, ...documentIdOf(channel) })
    // The state as of now (read once the subscription is live), so nothing published before it is missed.
    for (const event of await this.snapshot(channel)) this.forward(subscription, event)
    open()
  }

  private async snapshot(channel: LiveChannel): Promise<LiveForwardedEvent[]> {
    if (channel.kind !== 'document') return []
    const document = await this.drivers.store.documents.get(channel.id)
    return document ? [{ type: 'document', document: toDocumentView(document) }] : []
  }

  private async deliver(subscription: Subscription, event: LiveEvent): Promise<void> {
    if (this.subscriptions.get(channelName(subscription.channel)) !== subscription) return
    if (event.type === 'access-revoked') {
      if (event.userId === undefined || event.userId === this.actor.id) await this.recheck(subscription)
      return
    }
    const { kind } = subscription.channel
    if ((event.type === 'deleted' && kind === 'document') || (event.type === 'collection-deleted' && kind === 'collection')) {
      this.forward(subscription, event)
      return this.end(subscription, 'deleted')
    }
    if (Date.now() - subscription.checkedAt > accessRecheckMs && !await this.recheck(subscription)) return
    this.forward(subscription, event)
  }

  /** Checks access again; a refusal ends the subscription. A failure to check (the store is down) keeps it. */
  private async recheck(subscription: Subscription): Promise<boolean> {
    try {
      await authorise(this.drivers.store, this.actor, subscription.channel)
      subscription.checkedAt = Date.now()
      return true
    }
    catch (error) {
      if (!isRefusal(error)) {
        console.error('[live] checking a subscription again failed', error)
        return true
      }
      await this.end(subscription, 'access-revoked')
      return false
    }
  }

  private forward(subscription: Subscription, event: LiveForwardedEvent): void {
    const { channel } = subscription
    this.outbox.send({ ...event, channel }, deliveryOf(event, channel))
  }

  private async end(subscription: Subscription, reason: LiveEndReason): Promise<void> {
    const { channel } = subscription
    if (this.subscriptions.get(channelName(channel)) === subscription) this.subscriptions.delete(channelName(channel))
    this.outbox.forget(channel)
    this.send({ type: 'unsubscribed', channel, reason, ...documentIdOf(channel) })
    await subscription.end?.()
  }

  private expire(): void {
    if (this.closed) return
    this.outbox.dispose()
    this.socket.close(liveCloseCodes.heartbeatTimeout, 'heartbeat timeout: no pong')
    setTimeout(() => this.socket.terminate(), closeGraceMs).unref?.()
  }
}
