import { createListenerRegistry, notify } from './listeners'
import type { EventBus } from './types'

/** In-process bus. Delivery is asynchronous and messages are copied, as over a network. */
export function createMemoryEventBus(): EventBus {
  const registry = createListenerRegistry()
  return {
    kind: 'memory',
    async publish(channel, message) {
      const listeners = registry.listenersOf(channel)
      if (listeners.length === 0) return
      const payload = JSON.stringify(message)
      for (const listener of listeners) queueMicrotask(() => notify(channel, listener, payload))
    },
    async subscribe(channel, listener) {
      const { remove } = registry.add(channel, listener)
      return async () => {
        remove()
      }
    },
    async close() {
      registry.clear()
    },
  }
}
