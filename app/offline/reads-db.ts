import type { Atom, AtomWithEmbedding } from '#shared/schemas/atom'
import type { DocumentView } from '#shared/schemas/document'
import { getAtom, getDocument } from '#shared/api/routes'
import { matchPath } from '#shared/api/paths'
import { offlineDatabase } from './db'

/**
 * Keeps what the learner opened while online: an atom read once reads again offline, and a saved document's
 * card stays current. Called with every successful GET; ignores everything else. Runs in a worker
 * (keep-reads.worker.ts), and says whether the device's atoms changed.
 *
 * Each read and write of a record is one transaction: saving a document (mirror.ts) may write the same
 * record in between, and a write based on the older read would drop what the save added (its glossary and
 * reading order, an atom's vector).
 */
export async function remember(url: string, body: unknown): Promise<{ atomsChanged: boolean }> {
  const path = new URL(url, 'http://local').pathname
  const database = offlineDatabase()
  if (matchPath(getAtom.path, path)) {
    const atom = body as Atom
    await database.transaction('rw', database.atoms, async () => {
      const known = await database.atoms.get(atom.id)
      await database.atoms.put(keepEmbedding(known, atom))
    })
    return { atomsChanged: true }
  }
  if (matchPath(getDocument.path, path)) {
    const view = body as DocumentView
    await database.transaction('rw', database.documents, async () => {
      const known = await database.documents.get(view.id)
      await database.documents.put({ ...known, id: view.id, saved: known?.saved ?? false, view })
    })
  }
  return { atomsChanged: false }
}

/**
 * An atom read online comes without its vector: the one saved with it stays while its title and text are
 * the same (the vector is made from them), so opening a saved atom does not take it out of search by meaning.
 */
export function keepEmbedding(known: AtomWithEmbedding | undefined, fresh: Atom): AtomWithEmbedding {
  return known?.embedding && known.title === fresh.title && known.text === fresh.text
    ? { ...fresh, embedding: known.embedding, ...(known.embeddingVersion && { embeddingVersion: known.embeddingVersion }) }
    : fresh
}
