import type { Drivers } from '../drivers'
import type { JobHandler } from '../drivers/queue/types'
import { warmCache } from '../services/cache-warming'

/** The scheduled cache warm-up, wherever jobs run. */
export function createWarmCacheHandler(drivers: Drivers): JobHandler<'warmCache'> {
  return async () => {
    await warmCache(drivers)
  }
}
