import { problems } from '../../errors'
import { isDraining } from '../../process/draining'
import { unreadyReason } from '../../services/readiness'

/** GET /api/health/ready: the readiness probe; 503 while shutting down or while a driver every request needs is down. */
export default defineEventHandler(async () => {
  if (isDraining()) throw problems.unavailable('This instance is shutting down.')
  const reason = await unreadyReason(useDrivers())
  if (reason) throw problems.unavailable(`Cannot serve: ${reason}`)
  return { status: 'ready' as const }
})
