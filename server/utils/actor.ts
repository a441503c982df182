import type { H3Event } from 'h3'
import { scryptHasher } from '../services/passwords'
import type { Actor } from '../services/actor'
import { problems } from '../errors'
import type { PublicUser } from '#shared/schemas/auth'

/**
 * The signed-in user (by session cookie or bearer token), as the store has them now, with the role they act
 * with; a session whose account is gone is ended.
 */
export async function requireActor(event: H3Event): Promise<Actor & PublicUser> {
  const identified = event.context.identified ?? await identifyCaller(event)
  if (!identified) throw problems.unauthorized()
  return identified.user
}

/** The signed-in user and the id of the cookie session they ask from (401 without one, 403 with a bearer token). */
export async function requireSessionActor(event: H3Event): Promise<{ actor: Actor & PublicUser, sessionId: string }> {
  const identified = event.context.identified ?? await identifyCaller(event)
  if (!identified) throw problems.unauthorized()
  if (identified.caller.via !== 'session') throw problems.forbidden('This operation needs a signed-in session.')
  return { actor: identified.user, sessionId: identified.caller.sessionId }
}

/** nuxt-auth-utils' scrypt, in a form the admin CLI shares (server/services/passwords.ts). */
export const passwordHasher = scryptHasher

/**
 * A new session for the user, under a new id (what the cookie held before, such as a pending sign-in, is
 * gone): at sign-in, and again when the user's role changed since the cookie was sealed. `mfaEnrolment` makes
 * a session that may only set up a second factor (server/services/scopes.ts). The cookie lasts as long as the
 * absolute timeout. Returns the new session's id.
 */
export async function startSession(event: H3Event, user: PublicUser, options: { mfaEnrolment?: boolean } = {}): Promise<string> {
  const sessionId = await recordSession(event, user.id)
  // h3 merges a replacement into what the request's cookie held, so a field to drop is set to undefined.
  await replaceUserSession(event, {
    user: { id: user.id, email: user.email, name: user.name, role: user.role }, loggedInAt: Date.now(), secure: { sessionId },
    mfaEnrolment: options.mfaEnrolment ? true : undefined,
  }, { maxAge: sessionTimeouts().absoluteSeconds })
  return sessionId
}
