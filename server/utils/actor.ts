import type { H3Event } from 'h3'
import { currentUser } from '../services/accounts'
import { scryptHasher } from '../services/passwords'
import type { Actor } from '../services/actor'
import { ProblemError, problems } from '../errors'
import type { PublicUser } from '#shared/schemas/auth'

/** The signed-in user, as the store has them now; a session whose account is gone is ended. */
export async function requireActor(event: H3Event): Promise<Actor & PublicUser> {
  const session = await getUserSession(event)
  if (!session.user) throw problems.unauthorized()
  try {
    return await currentUser(useDrivers().store, session.user.id)
  }
  catch (error) {
    if (error instanceof ProblemError && error.status === 401) await clearUserSession(event)
    throw error
  }
}

/** nuxt-auth-utils' scrypt, in a form the admin CLI shares (server/services/passwords.ts). */
export const passwordHasher = scryptHasher

export async function startSession(event: H3Event, user: PublicUser) {
  const sessionId = await recordSession(event, user.id)
  await setUserSession(event, { user: { id: user.id, email: user.email, name: user.name, role: user.role }, loggedInAt: Date.now(), secure: { sessionId } })
}
