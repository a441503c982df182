import type { Atom } from '../../shared/schemas/atom'
import { documentChannel, type LiveServerMessage } from '../../shared/schemas/live'
import { atomize, renderMarkdown } from '../atomizer'
import { atomIds } from '../atomizer/ids'
import type { AppConfig } from '../config'
import type { Drivers } from '../drivers'
import { PermanentJobError, type JobContext, type JobHandler } from '../drivers/queue/types'
import type { DocumentPatch, DocumentRecord } from '../drivers/store/types'
import { forgetAtoms } from '../services/atoms'
import { publishDocument } from '../services/documents'
import { toSearchDocument } from '../services/search'

/** Atoms are stored, indexed and announced this many at a time, so the reader sees them arrive. */
const batchSize = 20

/** The document was deleted or re-uploaded while the job ran: nothing left to do. */
class DocumentGone extends Error {}

const utf8 = new TextDecoder('utf-8', { fatal: true })

/**
 * Reads the stored file, atomizes it and replaces the document's atoms, reporting progress as it goes.
 * Idempotent: atom ids are deterministic and old atoms are replaced, so a rerun leaves the same atoms.
 */
export function createAtomizeHandler(drivers: Drivers, config: AppConfig): JobHandler<'atomize'> {
  return async ({ documentId, version }, context) => {
    const initial = await drivers.store.documents.get(documentId)
    if (!initial || initial.version !== version) return
    const report = reporter(drivers, context, initial)
    try {
      await report({ status: 'processing', stage: 'reading', progress: 0.05, error: null })
      const text = await readText(drivers, initial)
      await report({ stage: 'atomizing', progress: 0.15 })
      const drafts = atomize({ title: initial.title, format: initial.format, text }, { maxWords: config.atomMaxWords })
      if (drafts.length === 0) throw new PermanentJobError('The document has no readable text.')
      const ids = atomIds(documentId, drafts)
      await drivers.store.atoms.deleteByDocument(documentId)
      await drivers.search.removeDocument(documentId)
      for (let start = 0; start < drafts.length; start += batchSize) {
        if (context.signal.aborted) throw new Error('the job was interrupted; it will run again')
        const atoms: Atom[] = drafts.slice(start, start + batchSize).map((draft, offset) => ({
          id: ids[start + offset]!, documentId, order: start + offset, ...draft, html: renderMarkdown(draft.body),
        }))
        await persistBatch(drivers, atoms)
        const stored = start + atoms.length
        await report({ stage: 'storing', progress: 0.2 + 0.75 * stored / drafts.length, atomCount: stored })
      }
      await drivers.search.flush()
      await report({ status: 'ready', stage: null, progress: 1, atomCount: drafts.length })
    }
    catch (error) {
      if (error instanceof DocumentGone) return
      const final = error instanceof PermanentJobError || context.attempt >= context.maxAttempts
      if (!context.signal.aborted) {
        const message = error instanceof Error ? error.message : String(error)
        await report(final
          ? { status: 'failed', stage: null, error: message }
          : { status: 'queued', stage: `retrying after: ${message}`, progress: 0 }).catch(() => {})
      }
      throw error
    }
  }
}

async function readText(drivers: Drivers, document: DocumentRecord): Promise<string> {
  const data = await drivers.files.get(document.fileKey)
  if (!data) throw new PermanentJobError('The uploaded file is missing from storage.')
  try {
    return utf8.decode(data)
  }
  catch {
    throw new PermanentJobError('The file is not valid UTF-8 text.')
  }
}

async function persistBatch(drivers: Drivers, atoms: Atom[]) {
  await drivers.store.atoms.upsertMany(atoms)
  await drivers.search.upsert(atoms.map(toSearchDocument))
  await forgetAtoms(drivers, atoms.map(atom => atom.id))
  const message: LiveServerMessage = { type: 'atoms', documentId: atoms[0]!.documentId, atoms }
  await drivers.events.publish(documentChannel(atoms[0]!.documentId), message)
}

/** Saves a status change, announces it live and records progress on the job. */
function reporter(drivers: Drivers, context: JobContext, initial: DocumentRecord) {
  return async (patch: DocumentPatch) => {
    const updated = await drivers.store.documents.update(initial.id, { ...patch, updatedAt: new Date().toISOString() })
    if (!updated || updated.version !== initial.version) throw new DocumentGone()
    await publishDocument(drivers, updated)
    if (patch.progress !== undefined) await context.progress(patch.progress)
  }
}
