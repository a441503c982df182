import { problems } from '../errors'
import { operationAt } from '../openapi/match'
import { allOperations } from '../openapi/operations'
import { requireScope } from '../services/scopes'

/** API paths open without a session: those of the operations that do not need one (`scope: 'public'`). */
const publicPaths = new Set(allOperations.filter(operation => operation.scope === 'public').map(operation => operation.path))

/**
 * Every other /api/v1 request needs a caller (a live cookie session or a valid bearer token) holding the
 * scope its operation names in shared/api/routes.ts: the one check of scopes for the REST API.
 */
export default defineEventHandler(async (event) => {
  const path = event.path.split('?')[0]!
  if (!path.startsWith('/api/v1/')) return
  const operation = operationAt(event.method, path)
  if (operation ? operation.scope === 'public' : publicPaths.has(path)) return
  const identified = await identifyCaller(event)
  if (!identified) throw problems.unauthorized()
  requireScope(identified.caller, operation?.scope ?? 'signed-in')
  event.context.identified = identified
})
