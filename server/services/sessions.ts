import { createHash } from 'node:crypto'
import type { LiveEvent } from '../../shared/schemas/live'
import type { EndedSessions, SessionView } from '../../shared/schemas/sessions'
import { sessionChannel } from '../../shared/utils/live-channels'
import type { Drivers } from '../drivers'
import type { SessionRecord } from '../drivers/sessions/types'
import { problems } from '../errors'

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

/**
 * Ends every session of the user but the one they act from, with their live connections: what a user asks
 * for from their list, and what a change of password or of a factor offers. Says how many ended.
 */
export async function endOtherSessions(drivers: SessionDrivers, userId: string, keepSessionId: string): Promise<EndedSessions> {
  const others = (await drivers.sessions.listForUser(userId)).filter(session => session.id !== keepSessionId)
  await drivers.sessions.revokeAllForUser(userId, keepSessionId)
  // Without a session id: each live connection of the user checks whether its own session still exists.
  await drivers.events.publish(sessionChannel(userId), { type: 'session-ended' } satisfies LiveEvent)
  return { ended: others.length }
}

/**
 * What the list shows for a session instead of its id: the id is the secret inside the sealed cookie, and a
 * page's script has no business reading it.
 */
export const sessionHandle = (sessionId: string): string => createHash('sha256').update(sessionId).digest('base64url').slice(0, 22)

const iso = (ms: number) => new Date(ms).toISOString()

const toView = (session: SessionRecord, currentId: string): SessionView => ({
  id: sessionHandle(session.id), device: session.device, browser: session.browser, place: session.place,
  createdAt: iso(session.createdAt), lastSeenAt: iso(session.lastSeenAt), expiresAt: iso(session.expiresAt), current: session.id === currentId,
})

/** The user's live sessions, most recently used first, the one they ask from marked. */
export async function listSessions(drivers: SessionDrivers, userId: string, currentId: string): Promise<SessionView[]> {
  return (await drivers.sessions.listForUser(userId)).map(session => toView(session, currentId))
}

/** Ends one of the user's own sessions, by its handle; anyone else's is not found. Says whether it was the current one. */
export async function endOwnSession(drivers: SessionDrivers, userId: string, handle: string, currentId: string): Promise<{ wasCurrent: boolean }> {
  const session = (await drivers.sessions.listForUser(userId)).find(candidate => sessionHandle(candidate.id) === handle)
  if (!session) throw problems.notFound('session', handle)
  await endSession(drivers, session.id, userId)
  return { wasCurrent: session.id === currentId }
}
