import { Repeater } from 'graphql-yoga'
import type { LiveEvent } from '../../shared/schemas/live'
import { documentChannel } from '../../shared/utils/live-channels'
import type { Drivers } from '../drivers'
import type { AccessGuard } from '../live/access-guard'
import { watchSession, type WatchedSession } from '../live/session-watch'
import { watchToken } from '../live/token-watch'
import { watchClient } from '../live/client-watch'

interface LiveStreamOptions<T> {
  /** What the subscriber should know at once: read after subscribing, so nothing published meanwhile is missed. */
  initial: () => Promise<T[]>
  /** The value a bus event carries for this stream, or undefined to skip it. */
  pick: (event: LiveEvent) => T | undefined
  /** Whether the subscriber may still read the document: the stream ends once they may not. */
  guard: AccessGuard
  /** The subscriber's session: the stream ends with it, checked at least this often. */
  session?: WatchedSession & { checkMs: number }
  /** Or the access token they subscribed with: the stream ends once it stops working. */
  token?: { id: string, checkMs: number }
  /** Or the machine client's access token: the stream ends once it expires or the client is revoked. */
  client?: { id: string, expiresAt: number, checkMs: number }
}

/**
 * A document's live events from the event bus (whichever instance or worker published them) as an async
 * stream: first the initial values, then each picked event in order. It ends when the document is deleted,
 * when the subscriber loses access to it or their session ends, and leaves the bus when the client goes away.
 */
export function documentStream<T>(drivers: Pick<Drivers, 'events' | 'sessions' | 'store' | 'cache'>, documentId: string, options: LiveStreamOptions<T>): Repeater<T> {
  return new Repeater<T>(async (push, stop) => {
    const early: LiveEvent[] = []
    let started = false
    // Events are handled one after another (an access check may wait), so they keep their order.
    let queue = Promise.resolve()
    const handle = async (event: LiveEvent) => {
      if (event.type === 'deleted') return stop()
      const admission = await options.guard.admit(event)
      if (admission === 'revoked') return stop()
      const value = admission === 'forward' ? options.pick(event) : undefined
      if (value !== undefined) void push(value)
    }
    const deliver = (event: LiveEvent) => {
      queue = queue.then(() => handle(event)).catch(error => stop(error))
    }
    const unsubscribe = await drivers.events.subscribe(documentChannel(documentId), (message) => {
      if (started) deliver(message as LiveEvent)
      else early.push(message as LiveEvent)
    })
    const stopWatching = options.session
      ? await watchSession(drivers, options.session, () => stop(), options.session.checkMs)
      : options.token
        ? await watchToken(drivers.store, options.token.id, () => stop(), options.token.checkMs)
        : options.client && await watchClient(drivers, options.client, () => stop(), options.client.checkMs)
    try {
      for (const value of await options.initial()) void push(value)
      started = true
      early.forEach(deliver)
    }
    catch (error) {
      stop(error)
    }
    await stop
    await Promise.all([unsubscribe(), stopWatching?.()])
  })
}
