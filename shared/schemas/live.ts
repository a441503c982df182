import { z } from 'zod'
import { idSchema } from './common'
import type { Atom } from './atom'
import type { DocumentView } from './document'
import type { CardState } from './study'

/** What a live subscription follows: one document, one collection (all its documents), or the signed-in user. */
export const liveChannelKinds = ['document', 'collection', 'user'] as const
export const liveChannelSchema = z.object({ kind: z.enum(liveChannelKinds), id: idSchema })
export type LiveChannel = z.infer<typeof liveChannelSchema>

/** `{type, channel}`, or the first protocol's `{type, documentId}`, which means a document channel. */
const subscription = <T extends 'subscribe' | 'unsubscribe'>(type: T) => z.union([
  z.object({ type: z.literal(type), channel: liveChannelSchema }),
  z.object({ type: z.literal(type), documentId: idSchema })
    .transform(({ documentId }) => ({ type, channel: { kind: 'document' as const, id: documentId } })),
])

/** Messages a client sends over the live WebSocket. */
export const liveClientMessageSchema = z.union([
  subscription('subscribe'),
  subscription('unsubscribe'),
  z.object({ type: z.literal('ping') }),
  z.object({ type: z.literal('pong') }),
])
/** What a client may send (either subscription form). */
export type LiveClientMessage = z.input<typeof liveClientMessageSchema>
/** A client message as the server reads it: subscriptions always name their channel. */
export type LiveRequest = z.output<typeof liveClientMessageSchema>

/**
 * Events on the event bus: what services and the atomize job publish, on `document:<id>`,
 * `collection:<id>` and `user:<id>` channels. The WebSocket forwards them with the subscription's channel.
 */
export type LiveEvent
  = | { type: 'document', document: DocumentView }
  /** Atoms stored (created or changed; merge them by id). `created` names the ones new to the document. */
    | { type: 'atoms', documentId: string, atoms: Atom[], created?: string[] }
    | { type: 'atoms-removed', documentId: string, atomIds: string[] }
    | { type: 'deleted', documentId: string }
    | { type: 'document-added', collectionId: string, document: DocumentView }
    | { type: 'document-removed', collectionId: string, documentId: string }
    | { type: 'collection-deleted', collectionId: string }
    | { type: 'reviews-synced', userId: string, accepted: string[], states: CardState[] }
  /** Someone (or, without `userId`, anyone) may have lost access: subscribers check again. Not forwarded. */
    | { type: 'access-revoked', userId?: string }
  /** A session of the user (without `sessionId`, every one) ended: its live connections close. Not forwarded. */
    | { type: 'session-ended', sessionId?: string }

/** Events a subscriber receives: every bus event but the internal ones. */
export type LiveForwardedEvent = Exclude<LiveEvent, { type: 'access-revoked' | 'session-ended' }>

/** Why a subscription ended. */
export type LiveEndReason = 'requested' | 'deleted' | 'access-revoked'

/** Names the document of a document channel, as the first protocol did. */
type DocumentIdOf = { documentId?: string }

/** Messages the server pushes over the live WebSocket. */
export type LiveServerMessage
  = | (LiveForwardedEvent & { channel: LiveChannel })
    | { type: 'hello', userId: string, heartbeatSeconds: number, timeoutSeconds: number, maxSubscriptions: number }
    | ({ type: 'subscribed', channel: LiveChannel } & DocumentIdOf)
    | ({ type: 'unsubscribed', channel: LiveChannel, reason: LiveEndReason } & DocumentIdOf)
  /** Events of the subscription were dropped (the client read too slowly): load its state again over REST. */
    | { type: 'resync', channel: LiveChannel, reason: 'slow-client' }
    | ({ type: 'error', message: string, channel?: LiveChannel } & DocumentIdOf)
    | { type: 'ping' }
    | { type: 'pong' }

/** A client message is a small JSON object: longer ones are refused unread. */
export const liveMaxMessageChars = 4096
/** The WebSocket refuses larger frames at the transport (close 1009): a message's characters take at most 3 bytes each in UTF-8. */
export const liveMaxFrameBytes = liveMaxMessageChars * 3

/** Close codes the server uses, besides 1000. */
export const liveCloseCodes = {
  /** The client read too slowly and its send buffer passed the hard limit: reconnect and resync. */
  tooSlow: 1013,
  /** No pong (or any message) within the heartbeat timeout. */
  heartbeatTimeout: 4408,
  /** The session ended (signed out, revoked or expired): sign in again. */
  sessionEnded: 4401,
  /** The instance is shutting down: reconnect, and another instance answers. */
  restarting: 1012,
} as const
