import type { Drivers } from '../drivers'
import { isClientTokenLive } from '../services/oauth-tokens'
import { periodicCheck } from './periodic-check'

/**
 * Calls `ended` once, when the machine client's access token a connection was opened with stops working
 * (it expired, or the client was revoked), found by a check every `intervalMs`. Returns what stops watching.
 */
export async function watchClient(drivers: Pick<Drivers, 'store' | 'cache'>, client: { id: string, expiresAt: number }, ended: () => void, intervalMs: number): Promise<() => Promise<void>> {
  const watch = periodicCheck(() => isClientTokenLive(drivers, client.id, client.expiresAt), ended, intervalMs, 'client')
  await watch.check()
  return async () => watch.stop()
}
