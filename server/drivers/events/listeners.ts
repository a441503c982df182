import type { EventListener } from './types'

/**
 * The local listeners of each channel, shared by the buses. A listener that throws is reported and does
 * not keep the message from the others; each listener gets its own copy of the message.
 */
export function createListenerRegistry() {
  const channels = new Map<string, Set<EventListener>>()
  return {
    /** Adds the listener; `first` says the channel had none. `remove` says whether the channel is now empty. */
    add(channel: string, listener: EventListener) {
      const listeners = channels.get(channel) ?? new Set()
      const first = listeners.size === 0
      listeners.add(listener)
      channels.set(channel, listeners)
      return {
        first,
        remove(): boolean {
          if (!listeners.delete(listener)) return false
          // Only drop the channel's set if it is still this one: a repeated unsubscribe must not detach later subscribers.
          if (listeners.size > 0 || channels.get(channel) !== listeners) return false
          channels.delete(channel)
          return true
        },
      }
    },
    listenersOf(channel: string): EventListener[] {
      return [...channels.get(channel) ?? []]
    },
    clear() {
      channels.clear()
    },
  }
}

/** Hands one listener its own copy of a JSON payload. */
export function notify(channel: string, listener: EventListener, payload: string): void {
  try {
    listener(JSON.parse(payload))
  }
  catch (error) {
    console.error(`[events] listener on ${channel} failed`, error)
  }
}
