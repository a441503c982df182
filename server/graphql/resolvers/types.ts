import type { Atom, AtomTerm } from '../../../shared/schemas/atom'
import { pageQuerySchema } from '../../../shared/schemas/common'
import type { CollectionView } from '../../../shared/schemas/collection'
import type { DocumentView } from '../../../shared/schemas/document'
import type { KeyTerm } from '../../../shared/schemas/glossary'
import type { StudyCard } from '../../../shared/schemas/study'
import { problems } from '../../errors'
import { listCollectionDocuments } from '../../services/collections'
import { collectionGlossary } from '../../services/glossary'
import { parseWith } from '../../utils/validate'
import { signedIn, type GraphqlContext } from '../context'
import { pageArgs } from './arguments'
import { primeAtoms, primeDocuments } from './prime'

interface PageArgs { first?: number | null, after?: string | null }

/**
 * The atoms with these ids that the actor may read, in the order given: links lead only where the reader
 * may go, as REST's GET /api/v1/atoms/:id/links decides.
 */
async function readableAtoms(context: GraphqlContext, ids: string[]): Promise<Atom[]> {
  const [readable, atoms] = await Promise.all([context.loaders.readableDocumentIds(), context.loaders.atoms.loadMany(ids)])
  return atoms.flatMap((atom) => {
    if (atom instanceof Error) throw atom
    return atom && readable.has(atom.documentId) ? [atom] : []
  })
}

/** Fields that are not plain properties of the objects the services return; each loads through the request's loaders. */
export const documentFields = {
  async atoms(document: DocumentView, args: PageArgs, context: GraphqlContext) {
    const { limit, cursor } = parseWith(pageQuerySchema, pageArgs(args))
    const page = await context.loaders.atomPages.load({ documentId: document.id, limit, ...(cursor !== undefined && { cursor }) })
    return { items: primeAtoms(context, page.items), nextCursor: page.nextCursor ?? null }
  },

  keyTerms: (document: DocumentView, _: unknown, context: GraphqlContext) => context.loaders.keyTerms.load(document.id),
}

/** A key term's atom (also a glossary entry's), when the reader may read it. */
export const keyTermFields = {
  async atom(term: KeyTerm, _: unknown, context: GraphqlContext) {
    return (await readableAtoms(context, [term.atomId]))[0] ?? null
  },
}

export const atomFields = {
  prerequisites: (atom: Atom, _: unknown, context: GraphqlContext) => readableAtoms(context, atom.prerequisites),

  async related(atom: Atom, _: unknown, context: GraphqlContext) {
    const linked = new Map((await readableAtoms(context, atom.related.map(link => link.id))).map(other => [other.id, other]))
    return atom.related.flatMap(link => linked.has(link.id) ? [{ score: link.score, atom: linked.get(link.id)! }] : [])
  },

  async document(atom: Atom, _: unknown, context: GraphqlContext) {
    const document = await context.loaders.documents.load(atom.documentId)
    if (!document) throw problems.notFound('document', atom.documentId)
    return document
  },
}

export const atomTermFields = {
  async definedBy(term: AtomTerm, _: unknown, context: GraphqlContext) {
    return term.definedBy ? (await readableAtoms(context, [term.definedBy]))[0] ?? null : null
  },
}

export const studyCardFields = {
  async atom(card: StudyCard, _: unknown, context: GraphqlContext) {
    const [atom] = await readableAtoms(context, [card.atomId])
    if (!atom) throw problems.notFound('atom', card.atomId)
    return atom
  },
}

export const collectionFields = {
  async documents(collection: CollectionView, args: PageArgs, context: GraphqlContext) {
    const page = await listCollectionDocuments(context.drivers, signedIn(context), collection.id, parseWith(pageQuerySchema, pageArgs(args)))
    return { items: primeDocuments(context, page.items), nextCursor: page.nextCursor ?? null }
  },

  async glossary(collection: CollectionView, _: unknown, context: GraphqlContext) {
    return (await collectionGlossary(context.drivers, signedIn(context), collection.id)).items
  },
}
