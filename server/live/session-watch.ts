import type { LiveEvent } from '../../shared/schemas/live'
import { sessionChannel } from '../../shared/utils/live-channels'
import type { Drivers } from '../drivers'
import { periodicCheck } from './periodic-check'

export interface WatchedSession {
  id: string
  userId: string
}

/**
 * Calls `ended` once, when the session ends: told at once by the event bus when it is signed out or
 * revoked (server/services/sessions.ts), and found by a check every `intervalMs` when it simply expired.
 * Returns what stops watching.
 */
export async function watchSession(
  drivers: Pick<Drivers, 'sessions' | 'events'>, session: WatchedSession, ended: () => void, intervalMs: number,
): Promise<() => Promise<void>> {
  const watch = periodicCheck(() => drivers.sessions.exists(session.id), ended, intervalMs, 'session')
  const unsubscribe = await drivers.events.subscribe(sessionChannel(session.userId), (message) => {
    const event = message as LiveEvent
    if (event.type === 'session-ended' && (event.sessionId === undefined || event.sessionId === session.id)) void watch.check()
  })
  // Ended between the caller's check and the subscription: nothing would tell it now.
  await watch.check()
  return async () => {
    watch.stop()
    await unsubscribe()
  }
}
