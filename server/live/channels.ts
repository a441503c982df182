import type { LiveChannel, LiveForwardedEvent } from '../../shared/schemas/live'
import type { DocumentStore } from '../drivers/store/types'
import { ProblemError, problems } from '../errors'
import { readableCollection, readableDocument } from '../services/access'
import type { Actor } from '../services/actor'
import { toDocumentView } from '../services/documents'

/**
 * Checks that the actor may follow the channel (the same rules as reading it over REST) and returns what
 * the subscriber should be sent at once: a document's state as of now, so nothing before the subscription
 * is missed. Throws a ProblemError when they may not.
 */
export async function authorise(store: DocumentStore, actor: Actor, channel: LiveChannel): Promise<LiveForwardedEvent[]> {
  switch (channel.kind) {
    case 'document':
      return [{ type: 'document', document: toDocumentView(await readableDocument(store, actor, channel.id)) }]
    case 'collection':
      await readableCollection(store, actor, channel.id)
      return []
    case 'user':
      // Only one's own: not even an admin follows another user's reviews.
      if (channel.id !== actor.id) throw problems.forbidden('You may only subscribe to your own user channel.')
      return []
  }
}

/** Whether the error is a refusal (no access, or gone) rather than a failure to check. */
export const isRefusal = (error: unknown) => error instanceof ProblemError && (error.status === 403 || error.status === 404)

/** The error message of a refused subscription; it names the channel, never why (a missing and a forbidden look alike). */
export function refusal(channel: LiveChannel): string {
  return channel.kind === 'user' ? 'you may only subscribe to your own user channel' : `no ${channel.kind} ${channel.id}`
}
