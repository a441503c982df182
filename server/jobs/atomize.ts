import { titleFromFilename } from '../../shared/utils/formats'
import { AtomizeInputError, atomizeCollection, renderMarkdown, type EngineStage } from '../atomizer'
import { applyCorrections, correctionsOf, glossaryOf } from '../atomizer/glossary'
import { cooperative } from '../atomizer/yield'
import type { AppConfig } from '../config'
import type { Drivers } from '../drivers'
import { PermanentJobError, type JobContext, type JobHandler } from '../drivers/queue/types'
import { withoutEmbedding, type AtomRecord, type DocumentPatch, type DocumentRecord } from '../drivers/store/types'
import { createAtomTyper } from '../ml/atom-types/typer'
import { createDifficultyScorer } from '../ml/difficulty/scorer'
import { createTermScorer } from '../ml/terms/selector'
import { createDefinitionJudge } from '../ml/definitions/model'
import { createEmbedder } from '../ml/embeddings/embedder'
import { forgetAtoms } from '../services/atoms'
import { publishDocument } from '../services/documents'
import { publishDocumentEvent } from '../services/live-events'
import { toSearchDocument } from '../services/search'

/** Atoms are stored, indexed and announced this many at a time, so the reader sees them arrive. */
const batchSize = 20

/** Share of the progress bar the engine fills, split between its stages by their weights; storing takes the rest. */
const engineShare = 0.7
const progressInterval = 250

/** The document was deleted, cancelled or re-uploaded while the job ran: nothing left to do. */
class DocumentGone extends Error {}

/**
 * Reads the stored file, atomizes it and replaces the document's atoms, reporting progress per stage.
 * Idempotent: ids come from content aligned with the atoms already stored, and old atoms are replaced.
 */
export function createAtomizeHandler(drivers: Drivers, config: AppConfig): JobHandler<'atomize'> {
  const typeAtoms = createAtomTyper(config)
  const selectTerms = createTermScorer(config, drivers.files)
  const judgeDefinitions = createDefinitionJudge(config)
  const scoreDifficulty = createDifficultyScorer(config, drivers.files)
  const embedAtoms = createEmbedder(config)
  return async ({ documentId, version }, context) => {
    const initial = await drivers.store.documents.get(documentId)
    if (!initial || initial.version !== version) return
    const report = reporter(drivers, context, initial)
    try {
      await report({ status: 'processing', stage: 'reading', progress: 0.02, error: null })
      const data = await drivers.files.get(initial.fileKey)
      if (!data) throw new PermanentJobError('The uploaded file is missing from storage.')
      const previous = await previousAtoms(drivers, documentId)
      // Progress is saved at most every `progressInterval`: each save is a guarded write to the shared store.
      let lastReport = 0
      const due = () => {
        if (Date.now() - lastReport < progressInterval) return false
        lastReport = Date.now()
        return true
      }
      let lastStage: EngineStage | undefined
      const [result] = await atomizeCollection(
        // A title the user gave wins; one made from the file name gives way to the document's own.
        [{ key: documentId, title: initial.title === titleFromFilename(initial.filename) ? undefined : initial.title, format: initial.format, data: new Uint8Array(data), previous }],
        {
          minWords: config.atomMinWords,
          maxWords: config.atomMaxWords,
          timeLimitMs: config.jobTimeoutSeconds * 1000,
          signal: context.signal,
          typeAtoms,
          selectTerms,
          judgeDefinitions,
          scoreDifficulty,
          embedAtoms,
          onProgress: async (stage: EngineStage, done: number) => {
            // A new step is saved at once, so the document names what it is doing.
            if (!due() && stage === lastStage) return
            lastStage = stage
            await report({ stage, progress: 0.05 + engineShare * done })
          },
        },
      )
      const pause = cooperative()
      const atoms: AtomRecord[] = []
      for (const atom of result!.atoms) {
        atoms.push({ ...atom, documentId, html: renderMarkdown(atom.body) })
        await pause()
      }
      // Headings alone count as text for the engine but make no atoms: never report such a document ready and empty.
      if (atoms.length === 0) throw new PermanentJobError('The document has no readable text.')
      // What authors said of the key terms and definitions of earlier versions holds for this one too.
      const corrections = correctionsOf(await drivers.store.termLabels.listByDocument(documentId))
      const corrected = new Map(applyCorrections(atoms, corrections).map(atom => [atom.id, atom]))
      for (const [i, atom] of atoms.entries()) {
        const fixed = corrected.get(atom.id)
        if (fixed) atoms[i] = { ...atom, ...fixed }
      }
      const keyTerms = glossaryOf(atoms, result!.glossary, corrections)
      await report({ stage: 'storing', progress: 0.05 + engineShare, atomCount: 0 })
      await replaceAtoms(drivers, report.latest, atoms, previous.map(atom => atom.id), async (stored) => {
        if (context.signal.aborted) throw new Error('the job was interrupted; it will run again')
        if (due()) await report({ stage: 'storing', progress: 0.05 + engineShare + (0.95 - 0.05 - engineShare) * stored / atoms.length, atomCount: stored })
      })
      await drivers.store.keyTerms.put(documentId, keyTerms)
      await report({ status: 'ready', stage: null, progress: 1, atomCount: atoms.length, title: result!.title })
    }
    catch (error) {
      if (error instanceof DocumentGone) {
        // Deleted while this run stored atoms (another process may delete at any time): remove what it left.
        if (!await drivers.store.documents.get(documentId)) {
          await drivers.store.atoms.deleteByDocument(documentId)
          await drivers.store.keyTerms.deleteByDocument(documentId)
          await drivers.search.removeDocument(documentId)
        }
        return
      }
      const permanent = error instanceof PermanentJobError || error instanceof AtomizeInputError
      const final = permanent || context.attempt >= context.maxAttempts
      if (!context.signal.aborted) {
        const message = error instanceof Error ? error.message : String(error)
        await report(final
          ? { status: 'failed', stage: null, error: message }
          : { status: 'queued', stage: `retrying after: ${message}`, progress: 0 }).catch(() => {})
      }
      throw permanent && !(error instanceof PermanentJobError) ? new PermanentJobError((error as Error).message) : error
    }
  }
}

async function previousAtoms(drivers: Drivers, documentId: string) {
  const previous: { id: string, body: string }[] = []
  let cursor: string | undefined
  do {
    const page = await drivers.store.atoms.listByDocument(documentId, { cursor, limit: 500 })
    previous.push(...page.items.map(atom => ({ id: atom.id, body: atom.body })))
    cursor = page.nextCursor
  } while (cursor)
  return previous
}

/**
 * Swaps the document's atoms for new ones, a batch at a time (store, index, announce), and only then removes
 * the old atoms that did not come back: readers keep the old version until the new one is complete.
 */
async function replaceAtoms(drivers: Drivers, latest: () => DocumentRecord, atoms: AtomRecord[], previousIds: string[], afterBatch: (stored: number) => Promise<void>) {
  const documentId = latest().id
  const previous = new Set(previousIds)
  for (let start = 0; start < atoms.length; start += batchSize) {
    const batch = atoms.slice(start, start + batchSize)
    await drivers.store.atoms.upsertMany(batch)
    await drivers.search.upsert(batch.map(toSearchDocument))
    await forgetAtoms(drivers, batch.map(atom => atom.id))
    const created = batch.filter(atom => !previous.has(atom.id)).map(atom => atom.id)
    await publishDocumentEvent(drivers, latest(), { type: 'atoms', documentId, atoms: batch.map(withoutEmbedding), created })
    await afterBatch(start + batch.length)
  }
  const kept = new Set(atoms.map(atom => atom.id))
  const stale = previousIds.filter(id => !kept.has(id))
  await drivers.store.atoms.deleteByDocument(documentId, { except: [...kept] })
  await drivers.search.remove(stale)
  await forgetAtoms(drivers, stale)
  await drivers.search.flush()
  if (stale.length > 0) {
    await publishDocumentEvent(drivers, latest(), { type: 'atoms-removed', documentId, atomIds: stale })
  }
}

/**
 * Saves a status change, announces it live and records progress on the job; notices a vanished document.
 * `latest()` is the document as last saved, so atoms are announced to the collection it is in now.
 */
function reporter(drivers: Drivers, context: JobContext, initial: DocumentRecord) {
  let latest = initial
  const report = async (patch: DocumentPatch) => {
    // Only while the document is still at this job's version: a cancelled or superseded run must write nothing.
    const updated = await drivers.store.documents.update(initial.id, { ...patch, updatedAt: new Date().toISOString() }, { ifVersion: initial.version })
    if (!updated || updated.version !== initial.version) throw new DocumentGone()
    latest = updated
    await publishDocument(drivers, updated)
    if (patch.progress !== undefined) await context.progress(patch.progress)
  }
  return Object.assign(report, { latest: () => latest })
}
