import type { CollectionGlossary, DocumentGlossary, GlossaryEntry, KeyTerm } from '../../shared/schemas/glossary'
import { mergeGlossaries } from '../../shared/utils/glossary'
import { glossaryOf, rankedFromAtoms } from '../atomizer/glossary'
import type { Drivers } from '../drivers'
import type { DocumentRecord } from '../drivers/store/types'
import { readableCollection, readableDocument } from './access'
import type { Actor } from './actor'
import { allAtomsOf } from './atoms'
import { collectionDocumentIds } from './collections'

type StoreDrivers = Pick<Drivers, 'store'>

/**
 * The documents' key terms as stored (no access check: callers check first); a document stored before key
 * terms were kept with it gets them read off its atoms' terms.
 */
export async function keyTermsOf(drivers: StoreDrivers, documentIds: string[]): Promise<Map<string, KeyTerm[]>> {
  const stored = await drivers.store.keyTerms.getMany(documentIds)
  for (const id of documentIds.filter(id => !stored.has(id))) {
    const atoms = await allAtomsOf(drivers, id)
    stored.set(id, glossaryOf(atoms, rankedFromAtoms(atoms)))
  }
  return stored
}

/** Each document's glossary entries, in the order given: its key terms with their atoms' titles (terms whose atom is gone are left out). */
async function entriesOf(drivers: StoreDrivers, documents: DocumentRecord[]): Promise<GlossaryEntry[][]> {
  const keyTerms = await keyTermsOf(drivers, documents.map(document => document.id))
  const atomIds = [...new Set([...keyTerms.values()].flatMap(terms => terms.map(term => term.atomId)))]
  const titles = new Map((await drivers.store.atoms.getMany(atomIds)).map(atom => [atom.id, atom.title]))
  return documents.map(document => (keyTerms.get(document.id) ?? []).flatMap((term) => {
    const atomTitle = titles.get(term.atomId)
    return atomTitle === undefined ? [] : [{ ...term, atomTitle, documentId: document.id, documentTitle: document.title }]
  }))
}

/** A readable document's glossary: its key terms, best first, each with its definition and the atom that defines (or first uses) it. */
export async function documentGlossary(drivers: StoreDrivers, actor: Actor, id: string): Promise<DocumentGlossary> {
  const document = await readableDocument(drivers.store, actor, id)
  const [items] = await entriesOf(drivers, [document])
  return { documentId: document.id, title: document.title, items: items! }
}

/** A readable collection's glossary: the key terms of its documents, each term once (see `mergeGlossaries`), best first. */
export async function collectionGlossary(drivers: StoreDrivers, actor: Actor, id: string): Promise<CollectionGlossary> {
  const { collection } = await readableCollection(drivers.store, actor, id)
  const documents = await drivers.store.documents.getMany(await collectionDocumentIds(drivers, actor, id))
  return { collectionId: collection.id, name: collection.name, items: mergeGlossaries(await entriesOf(drivers, documents)) }
}
