import { closeRedis, openRedis } from '../redis-connection'
import { createListenerRegistry, notify } from './listeners'
import type { EventBus } from './types'

export interface RedisEventBusOptions {
  url: string
  /** Namespaces the channels, so several apps (or test runs) share one Redis. */
  prefix: string
}

/**
 * Redis pub/sub: one connection publishes, one subscribes to each channel that has local listeners and
 * fans its messages out to them. Messages are JSON, so every listener gets its own copy.
 */
export function createRedisEventBus({ url, prefix }: RedisEventBusOptions): EventBus {
  const publisher = openRedis(url, 'events-publisher')
  const subscriber = openRedis(url, 'events-subscriber')
  const registry = createListenerRegistry()
  const base = `${prefix}:events:`
  /** Each channel's SUBSCRIBE, so a second local listener also waits until the channel is live. */
  const subscribing = new Map<string, Promise<unknown>>()
  let closed = false

  subscriber.on('message', (redisChannel: string, payload: string) => {
    if (!redisChannel.startsWith(base)) return
    const channel = redisChannel.slice(base.length)
    for (const listener of registry.listenersOf(channel)) notify(channel, listener, payload)
  })

  return {
    kind: 'redis',
    async publish(channel, message) {
      if (closed) return
      await publisher.publish(base + channel, JSON.stringify(message) ?? 'null')
    },
    async subscribe(channel, listener) {
      const { first, remove } = registry.add(channel, listener)
      if (first) subscribing.set(channel, subscriber.subscribe(base + channel))
      try {
        await subscribing.get(channel)
      }
      catch (error) {
        if (remove()) subscribing.delete(channel)
        throw error
      }
      return async () => {
        if (!remove()) return
        subscribing.delete(channel)
        // Commands on one connection run in order: a later SUBSCRIBE of this channel still wins.
        if (!closed) await subscriber.unsubscribe(base + channel)
      }
    },
    async close() {
      closed = true
      registry.clear()
      subscribing.clear()
      await Promise.allSettled([closeRedis(publisher), closeRedis(subscriber)])
    },
  }
}
