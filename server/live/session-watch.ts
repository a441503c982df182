import type { LiveEvent } from '../../shared/schemas/live'
import { sessionChannel } from '../../shared/utils/live-channels'
import type { Drivers } from '../drivers'

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
  let done = false
  const check = async () => {
    if (done) return
    try {
      if (await drivers.sessions.exists(session.id)) return
    }
    catch (error) {
      // The session store is unreachable: keep the connection rather than end every one.
      return console.error('[live] checking a session failed', error)
    }
    if (done) return
    done = true
    ended()
  }
  const unsubscribe = await drivers.events.subscribe(sessionChannel(session.userId), (message) => {
    const event = message as LiveEvent
    if (event.type === 'session-ended' && (event.sessionId === undefined || event.sessionId === session.id)) void check()
  })
  const timer = setInterval(() => void check(), intervalMs)
  timer.unref?.()
  // Ended between the caller's check and the subscription: nothing would tell it now.
  await check()
  return async () => {
    done = true
    clearInterval(timer)
    await unsubscribe()
  }
}
