import { driverNames } from '../drivers'
import { problems } from '../errors'

/** GET /api/health: liveness, and which driver serves each concern; 503 while the search index cannot serve. */
export default defineEventHandler(async () => {
  const drivers = useDrivers()
  await drivers.store.users.count()
  const search = await drivers.search.health()
  if (!search.ok) throw problems.unavailable(`The search index cannot serve: ${search.detail ?? 'no reason given'}`)
  return { status: 'ok' as const, drivers: driverNames(drivers) }
})
