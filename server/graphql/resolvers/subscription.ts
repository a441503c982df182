import type { Atom } from '../../../shared/schemas/atom'
import { idSchema } from '../../../shared/schemas/common'
import type { DocumentView } from '../../../shared/schemas/document'
import { AccessGuard } from '../../live/access-guard'
import { listAtoms } from '../../services/atoms'
import { getDocument } from '../../services/documents'
import { spendAllowance } from '../../services/limits'
import { parseWith } from '../../utils/validate'
import { signedIn, type GraphqlContext } from '../context'
import { documentStream } from '../live'

interface AtomBatch {
  documentId: string
  atoms: Atom[]
}

const initialBatchSize = 100

/** The atoms stored so far, a batch at a time, read as REST reads a document's atoms (and with its access check). */
async function storedAtoms(context: GraphqlContext, documentId: string): Promise<AtomBatch[]> {
  const batches: AtomBatch[] = []
  let cursor: string | undefined
  do {
    const page = await listAtoms(context.drivers, signedIn(context), documentId, { cursor, limit: initialBatchSize })
    if (page.items.length > 0) batches.push({ documentId, atoms: page.items })
    cursor = page.nextCursor
  } while (cursor)
  return batches
}

/**
 * A subscription to a document the actor may read: counted against their allowance, checked when
 * subscribing and again whenever access may have changed, and ended with their session.
 */
async function openDocumentStream<T>(context: GraphqlContext, rawId: string, stream: {
  initial: (documentId: string) => Promise<T[]>
  pick: Parameters<typeof documentStream<T>>[2]['pick']
}) {
  const actor = signedIn(context)
  const documentId = parseWith(idSchema, rawId)
  await spendAllowance(context.drivers, 'subscriptions', actor.id)
  await getDocument(context.drivers, actor, documentId)
  return documentStream<T>(context.drivers, documentId, {
    initial: () => stream.initial(documentId),
    pick: stream.pick,
    guard: new AccessGuard(actor.id, () => getDocument(context.drivers, actor, documentId)),
    ...(context.sessionId && { session: { id: context.sessionId, userId: actor.id, checkMs: context.config.liveHeartbeatSeconds * 1000 } }),
    ...(context.tokenId && { token: { id: context.tokenId, checkMs: context.config.liveHeartbeatSeconds * 1000 } }),
    ...(context.client && { client: { ...context.client, checkMs: context.config.liveHeartbeatSeconds * 1000 } }),
  })
}

export const Subscription = {
  documentProgress: {
    subscribe: (_: unknown, args: { documentId: string }, context: GraphqlContext) =>
      openDocumentStream<DocumentView>(context, args.documentId, {
        // Read again once subscribed: the first read checked access before anything was opened.
        initial: async documentId => [await getDocument(context.drivers, signedIn(context), documentId)],
        pick: event => event.type === 'document' ? event.document : undefined,
      }),
    resolve(document: DocumentView, _: unknown, context: GraphqlContext) {
      // Nested fields of each event read the store as it is now, not as an earlier event found it.
      context.loaders.clear()
      return document
    },
  },

  atomsCreated: {
    subscribe: (_: unknown, args: { documentId: string }, context: GraphqlContext) =>
      openDocumentStream<AtomBatch>(context, args.documentId, {
        initial: documentId => storedAtoms(context, documentId),
        pick: event => event.type === 'atoms' ? { documentId: event.documentId, atoms: event.atoms } : undefined,
      }),
    resolve(batch: AtomBatch, _: unknown, context: GraphqlContext) {
      context.loaders.clear()
      return batch
    },
  },
}
