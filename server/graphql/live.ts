import { Repeater } from 'graphql-yoga'
import type { LiveServerMessage } from '../../shared/schemas/live'
import { documentChannel } from '../../shared/utils/live-channels'
import type { Drivers } from '../drivers'

interface LiveStreamOptions<T> {
  /** What the subscriber should know at once: read after subscribing, so nothing published meanwhile is missed. */
  initial: () => Promise<T[]>
  /** The value a bus message carries for this stream, or undefined to skip it. */
  pick: (message: LiveServerMessage) => T | undefined
}

/**
 * A document's live messages from the event bus (whichever instance or worker published them) as an async
 * stream: first the initial values, then each picked message in order. It ends when the document is
 * deleted, and leaves the bus when the client goes away.
 */
export function documentStream<T>(drivers: Pick<Drivers, 'events'>, documentId: string, options: LiveStreamOptions<T>): Repeater<T> {
  return new Repeater<T>(async (push, stop) => {
    const early: LiveServerMessage[] = []
    let started = false
    const deliver = (message: LiveServerMessage) => {
      if (message.type === 'deleted') return stop()
      const value = options.pick(message)
      if (value !== undefined) void push(value)
    }
    const unsubscribe = await drivers.events.subscribe(documentChannel(documentId), (message) => {
      if (started) deliver(message as LiveServerMessage)
      else early.push(message as LiveServerMessage)
    })
    try {
      for (const value of await options.initial()) void push(value)
      started = true
      early.forEach(deliver)
    }
    catch (error) {
      stop(error)
    }
    await stop
    await unsubscribe()
  })
}
