import type { LiveEvent } from '../../shared/schemas/live'
import { isRefusal } from './channels'

/** Access is checked again on an event when the last check is older than this (revocations that sent no signal). */
export const accessRecheckMs = 30_000

/** What a subscription does with an event from the bus. */
export type Admission = 'forward' | 'skip' | 'revoked'

/**
 * Whether a subscriber may still follow its channel, for the WebSocket and GraphQL subscriptions alike:
 * checked again at once when the bus says access may have changed (unshared, moved, collection deleted),
 * and on any event when the last check is older than `recheckMs`.
 */
export class AccessGuard {
  private checkedAt = Date.now()

  /** `check` throws a refusal (403 or 404) when the actor may no longer follow the channel. */
  constructor(private readonly actorId: string, private readonly check: () => Promise<unknown>, private readonly recheckMs = accessRecheckMs) {}

  async admit(event: LiveEvent): Promise<Admission> {
    if (event.type === 'session-ended') return 'skip'
    if (event.type === 'access-revoked') {
      if (event.userId !== undefined && event.userId !== this.actorId) return 'skip'
      return await this.recheck() ? 'skip' : 'revoked'
    }
    if (Date.now() - this.checkedAt > this.recheckMs && !await this.recheck()) return 'revoked'
    return 'forward'
  }

  /** A failure to check (the store is down) keeps the subscription; only a refusal ends it. */
  private async recheck(): Promise<boolean> {
    try {
      await this.check()
      this.checkedAt = Date.now()
      return true
    }
    catch (error) {
      if (isRefusal(error)) return false
      console.error('[live] checking a subscription again failed', error)
      return true
    }
  }
}
