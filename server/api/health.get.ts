import { driverNames } from '../drivers'

/** GET /api/health: liveness, and which driver serves each concern. */
export default defineEventHandler(async () => {
  const drivers = useDrivers()
  await drivers.store.users.count()
  return { status: 'ok' as const, drivers: driverNames(drivers) }
})
