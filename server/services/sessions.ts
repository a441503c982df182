import type { LiveEvent } from '../../shared/schemas/live'
import { sessionChannel } from '../../shared/utils/live-channels'
import type { Drivers } from '../drivers'

type SessionDrivers = Pick<Drivers, 'sessions' | 'events'>

/** Ends one session, and tells its live connections (WebSocket, GraphQL subscriptions) on every instance to close. */
export async function endSession(drivers: SessionDrivers, sessionId: string, userId: string | undefined): Promise<void> {
  await drivers.sessions.revoke(sessionId)
  if (userId) await drivers.events.publish(sessionChannel(userId), { type: 'session-ended', sessionId } satisfies LiveEvent)
}

/** Ends every session of the user, and their live connections. */
export async function endAllSessions(drivers: SessionDrivers, userId: string): Promise<void> {
  await drivers.sessions.revokeAllForUser(userId)
  await drivers.events.publish(sessionChannel(userId), { type: 'session-ended' } satisfies LiveEvent)
}
