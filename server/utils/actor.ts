import type { H3Event } from 'h3'
import { toPublicUser } from '../services/accounts'
import { scryptHasher } from '../services/passwords'
import type { Actor } from '../services/actor'
import { problems } from '../errors'
import type { PublicUser } from '#shared/schemas/auth'

/**
 * The signed-in user, read fresh from the store so a changed role or a removed account takes effect
 * at once; the session cookie only says who they are.
 */
export async function requireActor(event: H3Event): Promise<Actor & PublicUser> {
  const session = await getUserSession(event)
  if (!session.user) throw problems.unauthorized()
  const user = await useDrivers().store.users.findById(session.user.id)
  if (!user) {
    await clearUserSession(event)
    throw problems.unauthorized('This account no longer exists.')
  }
  return toPublicUser(user)
}

/** nuxt-auth-utils' scrypt, in a form the admin CLI shares (server/services/passwords.ts). */
export const passwordHasher = scryptHasher

export async function startSession(event: H3Event, user: PublicUser) {
  const sessionId = await recordSession(event, user.id)
  await setUserSession(event, { user: { id: user.id, email: user.email, name: user.name, role: user.role }, loggedInAt: Date.now(), secure: { sessionId } })
}
