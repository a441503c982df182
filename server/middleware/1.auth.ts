import { problems } from '../errors'
import { allOperations } from '../openapi/operations'

/** API paths open without a session: those of the operations that do not need one (`signedIn: false`). */
const publicPaths = new Set(allOperations.filter(operation => !operation.signedIn).map(operation => operation.path))

/** Every other /api/v1 path requires a live session. */
export default defineEventHandler(async (event) => {
  const path = event.path.split('?')[0]!
  if (!path.startsWith('/api/v1/') || publicPaths.has(path)) return
  const session = await getUserSession(event)
  if (!session.user || !await isSessionLive(session)) throw problems.unauthorized()
})
