import type { EventBus, EventListener } from './types'

/** In-process bus. Delivery is asynchronous and messages are copied, as over a network. */
export function createMemoryEventBus(): EventBus {
  const channels = new Map<string, Set<EventListener>>()
  return {
    kind: 'memory',
    async publish(channel, message) {
      const listeners = channels.get(channel)
      if (!listeners || listeners.size === 0) return
      const payload = JSON.stringify(message)
      for (const listener of [...listeners]) {
        queueMicrotask(() => {
          try {
            listener(JSON.parse(payload))
          }
          catch (error) {
            console.error(`[events] listener on ${channel} failed`, error)
          }
        })
      }
    },
    async subscribe(channel, listener) {
      const listeners = channels.get(channel) ?? new Set()
      listeners.add(listener)
      channels.set(channel, listeners)
      return async () => {
        listeners.delete(listener)
        // Only drop the channel's set if it is still this one: a repeated unsubscribe must not detach later subscribers.
        if (listeners.size === 0 && channels.get(channel) === listeners) channels.delete(channel)
      }
    },
    async close() {
      channels.clear()
    },
  }
}
