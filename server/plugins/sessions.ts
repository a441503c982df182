import { problems } from '../errors'
import { endSession } from '../services/sessions'

/**
 * Ties nuxt-auth-utils' own session endpoints to the session records: the browser's view of its session
 * (GET /api/_auth/session, also during server rendering) is refused once the record has ended, and every
 * clearing of a session (sign-out from the API or the page, a removed account) ends its record.
 */
export default defineNitroPlugin(() => {
  sessionHooks.hook('fetch', async (session) => {
    if (session.user && !await isSessionLive(session)) throw problems.unauthorized('This session has ended; sign in again.')
  })
  sessionHooks.hook('clear', async (session) => {
    const id = session.secure?.sessionId
    if (id) await endSession(useDrivers(), id, session.user?.id)
  })
})
