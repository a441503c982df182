/** GET /api/health/live: the liveness probe. It reads no driver: a slow database must not get the process restarted. */
export default defineEventHandler(() => ({ status: 'live' as const }))
