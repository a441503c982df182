import type { AppConfig } from '../config'
import type { Drivers } from '../drivers'

let current: { drivers: Drivers, config: AppConfig } | undefined

/** Set once by the drivers plugin at start-up. */
export function setAppState(drivers: Drivers, config: AppConfig) {
  current = { drivers, config }
}

function state() {
  if (!current) throw new Error('the drivers are not started yet (server/plugins/drivers.ts)')
  return current
}

export const useDrivers = (): Drivers => state().drivers
export const useConfig = (): AppConfig => state().config
