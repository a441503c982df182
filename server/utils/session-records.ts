import { randomBytes } from 'node:crypto'
import type { H3Event } from 'h3'
import type { UserSession } from '#auth-utils'
import { endSession } from '../services/sessions'

/** A session lasts as long as its sealed cookie (nuxt-auth-utils' `session.maxAge`). */
const sessionSeconds = (): number => useRuntimeConfig().session?.maxAge ?? 7 * 24 * 3600

/**
 * Records a new server-side session of the user and returns its id, to be sealed into the cookie. The
 * session the cookie held before, if any, ends.
 */
export async function recordSession(event: H3Event, userId: string): Promise<string> {
  const drivers = useDrivers()
  const { secure, user } = await getUserSession(event)
  if (secure?.sessionId) await endSession(drivers, secure.sessionId, user?.id)
  const id = randomBytes(32).toString('base64url')
  await drivers.sessions.create(id, userId, sessionSeconds())
  return id
}

/** Whether a cookie's session is still valid: not signed out, not revoked, and made since sessions are recorded. */
export async function isSessionLive(session: Pick<UserSession, 'user' | 'secure'>): Promise<boolean> {
  const id = session.secure?.sessionId
  return Boolean(session.user && id && await useDrivers().sessions.exists(id))
}
