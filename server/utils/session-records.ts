import { randomBytes } from 'node:crypto'
import type { H3Event } from 'h3'
import type { UserSession } from '#auth-utils'
import type { SessionRecord } from '../drivers/sessions/types'
import { sessionDetails } from '../services/session-details'
import { endSession } from '../services/sessions'

/**
 * A session's last use is written at most this often: a read per request, a write per minute; more often
 * only with an idle timeout so short that a minute would matter.
 */
const lastSeenEveryMs = (idleSeconds: number) => Math.min(60_000, idleSeconds * 250)

/** The idle and absolute timeouts of sessions, from settings. */
export function sessionTimeouts() {
  const { sessionIdleMinutes, sessionMaxHours } = useConfig()
  return { idleSeconds: sessionIdleMinutes * 60, absoluteSeconds: sessionMaxHours * 3600 }
}

/**
 * Records a new server-side session of the user, with the device, browser and masked place it comes from,
 * and returns its id, to be sealed into the cookie. The session the cookie held before, if any, ends: the
 * id changes at every sign-in.
 */
export async function recordSession(event: H3Event, userId: string): Promise<string> {
  const drivers = useDrivers()
  const { secure, user } = await getUserSession(event)
  if (secure?.sessionId) await endSession(drivers, secure.sessionId, user?.id)
  const id = randomBytes(32).toString('base64url')
  const { idleSeconds, absoluteSeconds } = sessionTimeouts()
  const details = sessionDetails(getRequestHeader(event, 'user-agent'), requestAddress(event))
  await drivers.sessions.create(id, userId, absoluteSeconds, { ...details, idleSeconds })
  return id
}

/**
 * The cookie's session record when it is still valid (not signed out, revoked or timed out), marked as used
 * now when its last use is over a minute old; else null.
 */
export async function liveSession(session: Pick<UserSession, 'user' | 'secure'>): Promise<SessionRecord | null> {
  const id = session.secure?.sessionId
  if (!session.user || !id) return null
  const sessions = useDrivers().sessions
  const record = await sessions.find(id)
  if (!record || record.userId !== session.user.id) return null
  const now = Date.now()
  const { idleSeconds } = sessionTimeouts()
  if (now - record.lastSeenAt >= lastSeenEveryMs(idleSeconds)) await sessions.touch(id, idleSeconds, now)
  return record
}

/** Whether a cookie's session is still valid: not signed out, not revoked, not timed out, and made since sessions are recorded. */
export async function isSessionLive(session: Pick<UserSession, 'user' | 'secure'>): Promise<boolean> {
  return await liveSession(session) !== null
}
