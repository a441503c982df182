import type { LiveConnection } from './connection'

/** The live connections this instance holds, by peer id: the WebSocket handler adds and removes them. */
export const liveConnections = new Map<string, LiveConnection>()

/** Tells every live client of this instance to reconnect (close 1012), as the instance shuts down. */
export async function restartLiveConnections(): Promise<number> {
  const connections = [...liveConnections.values()]
  await Promise.allSettled(connections.map(connection => connection.restart()))
  return connections.length
}
