import { driverNames } from '../drivers'
import { problems } from '../errors'
import { mlRuntime } from '../ml/runtime'

/**
 * GET /api/health: liveness, which driver serves each concern and which TF.js backend runs the models;
 * 503 while the search index cannot serve.
 */
export default defineEventHandler(async () => {
  const drivers = useDrivers()
  await drivers.store.users.count()
  const search = await drivers.search.health()
  if (!search.ok) throw problems.unavailable(`The search index cannot serve: ${search.detail ?? 'no reason given'}`)
  const { backend } = await mlRuntime(useConfig().mlBackend)
  return { status: 'ok' as const, drivers: driverNames(drivers), ml: { backend } }
})
