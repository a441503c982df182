import type { Atom } from '../../../shared/schemas/atom'
import type { DocumentView } from '../../../shared/schemas/document'
import type { GraphqlContext } from '../context'

/** Objects a service already returned (and checked access to) are remembered, so nested fields do not read them again. */
export function primeDocuments(context: GraphqlContext, documents: DocumentView[]): DocumentView[] {
  for (const document of documents) context.loaders.documents.clear(document.id).prime(document.id, document)
  return documents
}

export function primeAtoms(context: GraphqlContext, atoms: Atom[]): Atom[] {
  for (const atom of atoms) context.loaders.atoms.clear(atom.id).prime(atom.id, atom)
  return atoms
}
