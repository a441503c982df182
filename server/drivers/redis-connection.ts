import { Redis, type RedisOptions } from 'ioredis'

/**
 * Reports a Redis client's connection errors once per outage instead of once per reconnect attempt
 * (ioredis retries on its own; without a listener it prints every failed attempt).
 */
export function reportRedisErrors(client: Pick<Redis, 'on'>, role: string): void {
  let reported = false
  client.on('error', (error: Error) => {
    if (reported) return
    reported = true
    console.warn(`[redis] ${role}: ${error.message}`)
  })
  client.on('ready', () => {
    reported = false
  })
}

/** A Redis connection for one role (commands, or a subscriber: ioredis keeps the two apart). */
export function openRedis(url: string, role: string, options: RedisOptions = {}): Redis {
  const client = new Redis(url, { connectionName: `atomizer-${role}`, ...options })
  reportRedisErrors(client, role)
  return client
}

/** Closes politely, or drops the connection if Redis is unreachable (QUIT would wait for it). */
export async function closeRedis(client: Redis): Promise<void> {
  if (client.status === 'end') return
  if (client.status !== 'ready') return client.disconnect()
  try {
    await client.quit()
  }
  catch {
    client.disconnect()
  }
}
