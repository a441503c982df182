import type { AppConfig } from '../config'
import type { Drivers } from '../drivers'
import type { JobHandler } from '../drivers/queue/types'
import { rotateSigningKeys } from '../services/signing-keys'

/** The scheduled rotation of the keys that sign OAuth access tokens, wherever jobs run. */
export function createRotateSigningKeysHandler(drivers: Drivers, config: AppConfig): JobHandler<'rotateSigningKeys'> {
  return async () => {
    const { kid, removed } = await rotateSigningKeys(drivers.store, config)
    console.info(`[jobs] signing key ${kid} now signs access tokens; ${removed} expired key(s) removed`)
  }
}
