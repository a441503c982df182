import type { LiveChannel } from '../../shared/schemas/live'
import type { DocumentStore } from '../drivers/store/types'
import { ProblemError, problems } from '../errors'
import { readableCollection, readableDocument } from '../services/access'
import type { Actor } from '../services/actor'

/**
 * Checks that the actor may follow the channel, by the same rules as reading it over REST (services/access.ts).
 * Throws a ProblemError when they may not.
 */
export async function authorise(store: DocumentStore, actor: Actor, channel: LiveChannel): Promise<void> {
  switch (channel.kind) {
    case 'document':
      await readableDocument(store, actor, channel.id)
      return
    case 'collection':
      await readableCollection(store, actor, channel.id)
      return
    case 'user':
      // Only one's own: not even an admin follows another user's reviews.
      if (channel.id !== actor.id) throw problems.forbidden('You may only subscribe to your own user channel.')
  }
}

/** Whether the error is a refusal (no access, or gone) rather than a failure to check. */
export const isRefusal = (error: unknown) => error instanceof ProblemError && (error.status === 403 || error.status === 404)

/** Seconds until the allowance the error says was spent is renewed, or undefined for any other error. */
export const retryAfterOf = (error: unknown) =>
  error instanceof ProblemError && error.status === 429 ? Number(error.headers?.['retry-after']) : undefined

/** The error message of a refused subscription; it names the channel, never why (a missing and a forbidden look alike). */
export function refusal(channel: LiveChannel): string {
  return channel.kind === 'user' ? 'you may only subscribe to your own user channel' : `no ${channel.kind} ${channel.id}`
}
