import { z } from 'zod'
import { idSchema } from './common'
import type { Atom } from './atom'
import type { DocumentView } from './document'

/** Messages a browser sends over the live WebSocket. */
export const liveClientMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('subscribe'), documentId: idSchema }),
  z.object({ type: z.literal('unsubscribe'), documentId: idSchema }),
])
export type LiveClientMessage = z.infer<typeof liveClientMessageSchema>

/** Messages the server pushes; also what the job publishes on the event bus. */
export type LiveServerMessage
  = | { type: 'document', document: DocumentView }
    | { type: 'atoms', documentId: string, atoms: Atom[] }
    | { type: 'atoms-removed', documentId: string, atomIds: string[] }
    | { type: 'deleted', documentId: string }
    | { type: 'subscribed', documentId: string }
    | { type: 'error', message: string, documentId?: string }

export const documentChannel = (documentId: string) => `document:${documentId}`
