import type { DocumentStore } from '../drivers/store/types'
import { isTokenLive } from '../services/tokens'

/**
 * Calls `ended` once, when the access token a connection was opened with stops working (revoked, rotated
 * or expired), found by a check every `intervalMs`. Returns what stops watching.
 */
export async function watchToken(store: DocumentStore, tokenId: string, ended: () => void, intervalMs: number): Promise<() => Promise<void>> {
  let done = false
  const check = async () => {
    if (done) return
    try {
      if (await isTokenLive(store, tokenId)) return
    }
    catch (error) {
      // The store is unreachable: keep the connection rather than end every one.
      return console.error('[live] checking a token failed', error)
    }
    if (done) return
    done = true
    ended()
  }
  const timer = setInterval(() => void check(), intervalMs)
  timer.unref?.()
  await check()
  return async () => {
    done = true
    clearInterval(timer)
  }
}
