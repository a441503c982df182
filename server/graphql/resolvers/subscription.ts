import type { Atom } from '../../../shared/schemas/atom'
import { idSchema } from '../../../shared/schemas/common'
import type { DocumentView } from '../../../shared/schemas/document'
import { getDocument } from '../../services/documents'
import { parseWith } from '../../utils/validate'
import { signedIn, type GraphqlContext } from '../context'
import { documentStream } from '../live'

interface AtomBatch {
  documentId: string
  atoms: Atom[]
}

const initialBatchSize = 100

/** The atoms stored so far, a batch at a time. */
async function storedAtoms(context: GraphqlContext, documentId: string): Promise<AtomBatch[]> {
  const batches: AtomBatch[] = []
  let cursor: string | undefined
  do {
    const page = await context.drivers.store.atoms.listByDocument(documentId, { cursor, limit: initialBatchSize })
    if (page.items.length > 0) batches.push({ documentId, atoms: page.items })
    cursor = page.nextCursor
  } while (cursor)
  return batches
}

/** Subscriptions to a document the actor may read (checked once, when subscribing), fed by the event bus. */
export const Subscription = {
  documentProgress: {
    async subscribe(_: unknown, args: { documentId: string }, context: GraphqlContext) {
      const actor = signedIn(context)
      const documentId = parseWith(idSchema, args.documentId)
      await getDocument(context.drivers, actor, documentId)
      return documentStream<DocumentView>(context.drivers, documentId, {
        // Read again once subscribed: the first read checked access before anything was opened.
        initial: async () => [await getDocument(context.drivers, actor, documentId)],
        pick: message => message.type === 'document' ? message.document : undefined,
      })
    },
    resolve(document: DocumentView, _: unknown, context: GraphqlContext) {
      // Nested fields of each event read the store as it is now, not as an earlier event found it.
      context.loaders.clear()
      return document
    },
  },

  atomsCreated: {
    async subscribe(_: unknown, args: { documentId: string }, context: GraphqlContext) {
      const actor = signedIn(context)
      const documentId = parseWith(idSchema, args.documentId)
      await getDocument(context.drivers, actor, documentId)
      return documentStream<AtomBatch>(context.drivers, documentId, {
        initial: () => storedAtoms(context, documentId),
        pick: message => message.type === 'atoms' ? { documentId, atoms: message.atoms } : undefined,
      })
    },
    resolve(batch: AtomBatch, _: unknown, context: GraphqlContext) {
      context.loaders.clear()
      return batch
    },
  },
}
