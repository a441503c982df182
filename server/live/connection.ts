import {
  liveClientMessageSchema, liveCloseCodes, liveMaxMessageChars,
  type LiveChannel, type LiveEndReason, type LiveEvent, type LiveForwardedEvent, type LiveServerMessage,
} from '../../shared/schemas/live'
import { channelName } from '../../shared/utils/live-channels'
import type { Drivers } from '../drivers'
import type { Actor } from '../services/actor'
import { getDocument } from '../services/documents'
import { spendAllowance } from '../services/limits'
import { AccessGuard } from './access-guard'
import { authorise, isRefusal, refusal, retryAfterOf } from './channels'
import { Heartbeat } from './heartbeat'
import { deliveryOf, Outbox, type OutboxSocket } from './outbox'
import { watchSession } from './session-watch'
import { watchToken } from './token-watch'
import { watchClient } from './client-watch'

export interface LiveSettings {
  heartbeatSeconds: number
  timeoutSeconds: number
  softBufferBytes: number
  hardBufferBytes: number
}

export const maxSubscriptionsPerPeer = 50
/** A peer closed for silence gets this long to answer the close frame before it is dropped. */
const closeGraceMs = 30_000

interface Subscription {
  channel: LiveChannel
  /** Ends the event-bus subscription; unset while the subscription is being set up. */
  end?: () => Promise<void>
  guard: AccessGuard
  /** Events are handled one after another (an access check may wait), so they keep their order. */
  queue: Promise<void>
}

/** The first protocol named a document subscription by `documentId`; document answers still carry it. */
const documentIdOf = (channel: LiveChannel) => (channel.kind === 'document' ? { documentId: channel.id } : {})

/**
 * Who the connection is for, and the session or access token it was opened with (it closes when that
 * session ends or that token stops working).
 */
export type LivePeer = { actor: Actor } & ({ sessionId: string } | { tokenId: string } | { client: { id: string, expiresAt: number } })

/**
 * One signed-in WebSocket: its subscriptions (each authorised, and checked again when access may have
 * changed), its heartbeat and its outbox. Bad messages are answered with an error; the connection stays.
 * It closes (4401) when its session ends.
 */
export class LiveConnection {
  private readonly subscriptions = new Map<string, Subscription>()
  private readonly outbox: Outbox
  private readonly heartbeat: Heartbeat
  private closed = false
  private readonly actor: Actor
  private stopWatchingSession?: () => Promise<void>

  constructor(
    private readonly socket: OutboxSocket,
    private readonly peer: LivePeer,
    private readonly drivers: Pick<Drivers, 'store' | 'events' | 'sessions' | 'limits' | 'cache'>,
    private readonly settings: LiveSettings,
  ) {
    this.actor = peer.actor
    this.outbox = new Outbox(socket, { softBytes: settings.softBufferBytes, hardBytes: settings.hardBufferBytes })
    this.heartbeat = new Heartbeat({
      intervalMs: settings.heartbeatSeconds * 1000,
      timeoutMs: settings.timeoutSeconds * 1000,
      ping: () => this.send({ type: 'ping' }),
      expire: () => this.expire(),
    })
  }

  async open(): Promise<void> {
    const ended = () => void this.endSession()
    const checkMs = this.settings.heartbeatSeconds * 1000
    const stop = 'sessionId' in this.peer
      ? await watchSession(this.drivers, { id: this.peer.sessionId, userId: this.actor.id }, ended, checkMs)
      : 'tokenId' in this.peer
        ? await watchToken(this.drivers.store, this.peer.tokenId, ended, checkMs)
        : await watchClient(this.drivers, this.peer.client, ended, checkMs)
    if (this.closed) return stop()
    this.stopWatchingSession = stop
    this.send({
      type: 'hello', userId: this.actor.id, heartbeatSeconds: this.settings.heartbeatSeconds,
      timeoutSeconds: this.settings.timeoutSeconds, maxSubscriptions: maxSubscriptionsPerPeer,
    })
    this.heartbeat.start()
  }

  async receive(text: string): Promise<void> {
    this.heartbeat.seen()
    if (text.length > liveMaxMessageChars) return this.send({ type: 'error', message: 'message too large' })
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
    if (this.closed) return
    this.closed = true
    this.heartbeat.stop()
    this.outbox.dispose()
    const ends = [...this.subscriptions.values()].flatMap(subscription => subscription.end ?? [])
    this.subscriptions.clear()
    await Promise.allSettled([...ends.map(end => end()), this.stopWatchingSession?.()])
  }

  /** The instance is shutting down: the client reconnects, and another instance takes it. */
  async restart(): Promise<void> {
    if (this.closed) return
    await this.close()
    this.socket.close(liveCloseCodes.restarting, 'server restarting: reconnect')
  }

  /** The session was signed out, revoked or expired: nothing more is sent, and the client is told to sign in. */
  private async endSession(): Promise<void> {
    if (this.closed) return
    await this.close()
    this.socket.close(liveCloseCodes.sessionEnded, 'session ended: sign in again')
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
    const guard = new AccessGuard(this.actor.id, () => authorise(this.drivers.store, this.actor, channel))
    const subscription: Subscription = { channel, guard, queue: new Promise<void>(resolve => open = resolve) }
    this.subscriptions.set(key, subscription)
    try {
      // The same allowance as a GraphQL subscription's.
      await spendAllowance(this.drivers, 'subscriptions', this.actor.id)
      await authorise(this.drivers.store, this.actor, channel)
    }
    catch (error) {
      if (this.subscriptions.get(key) === subscription) this.subscriptions.delete(key)
      const retryAfter = retryAfterOf(error)
      if (retryAfter !== undefined) {
        return this.send({ type: 'error', channel, ...documentIdOf(channel), message: `too many subscriptions; try again in ${retryAfter} s` })
      }
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

  /** What the subscriber is sent at once: a document as REST reads it now, if they still may (the guard ends the rest). */
  private async snapshot(channel: LiveChannel): Promise<LiveForwardedEvent[]> {
    if (channel.kind !== 'document') return []
    try {
      return [{ type: 'document', document: await getDocument(this.drivers, this.actor, channel.id) }]
    }
    catch (error) {
      if (isRefusal(error)) return []
      throw error
    }
  }

  private async deliver(subscription: Subscription, event: LiveEvent): Promise<void> {
    if (this.subscriptions.get(channelName(subscription.channel)) !== subscription) return
    const { kind } = subscription.channel
    if ((event.type === 'deleted' && kind === 'document') || (event.type === 'collection-deleted' && kind === 'collection')) {
      this.forward(subscription, event)
      return this.end(subscription, 'deleted')
    }
    const admission = await subscription.guard.admit(event)
    if (admission === 'revoked') return this.end(subscription, 'access-revoked')
    if (admission === 'forward') this.forward(subscription, event as LiveForwardedEvent)
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
