import { problems } from '../errors'

/** API paths open without a session; every other /api/v1 path requires one. */
const publicPaths = new Set(['/api/v1/auth/register', '/api/v1/auth/login', '/api/v1/auth/logout', '/api/v1/auth/options'])

export default defineEventHandler(async (event) => {
  const path = event.path.split('?')[0]!
  if (!path.startsWith('/api/v1/') || publicPaths.has(path)) return
  const session = await getUserSession(event)
  if (!session.user || !await isSessionLive(session)) throw problems.unauthorized()
})
