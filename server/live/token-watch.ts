import type { DocumentStore } from '../drivers/store/types'
import { isTokenLive } from '../services/tokens'
import { periodicCheck } from './periodic-check'

/**
 * Calls `ended` once, when the access token a connection was opened with stops working (revoked, rotated
 * or expired), found by a check every `intervalMs`. Returns what stops watching.
 */
export async function watchToken(store: DocumentStore, tokenId: string, ended: () => void, intervalMs: number): Promise<() => Promise<void>> {
  const watch = periodicCheck(() => isTokenLive(store, tokenId), ended, intervalMs, 'token')
  await watch.check()
  return async () => watch.stop()
}
