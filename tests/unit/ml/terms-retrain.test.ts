import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { KeyTerm, TermLabel } from '../../../shared/schemas/glossary'
import { atomizeCollection } from '../../../server/atomizer/engine'
import type { TermSelector } from '../../../server/atomizer/nlp/terms'
import { termKey } from '../../../server/atomizer/nlp/term-key'
import { createLocalFileStore } from '../../../server/drivers/files/local'
import { createSqliteStore } from '../../../server/drivers/store/sqlite'
import type { FileStore } from '../../../server/drivers/files/types'
import type { DocumentStore as Store } from '../../../server/drivers/store/types'
import { mlRuntime } from '../../../server/ml/runtime'
import { currentPublishedTermModel, publishTermModel, readTermModelPointer } from '../../../server/ml/terms/published-terms'
import { retrainTermModel } from '../../../server/ml/terms/retrain'
import { loadTermModel } from '../../../server/ml/terms/scorer'
import { createTermScorer } from '../../../server/ml/terms/selector'
import { buildTermModel } from '../../../server/ml/terms/train'
import { loadCorpus } from '../../support/corpus'

const folder = mkdtempSync(join(tmpdir(), 'atomizer-terms-retrain-'))
afterAll(() => rmSync(folder, { recursive: true, force: true }))

const config = { mlBackend: 'cpu' as const, termsModel: undefined, termsRetrainLabels: 20, atomMinWords: 40, atomMaxWords: 400 }
/** Few textbook sections and epochs: enough to learn, quick enough for a unit test. */
const quick = { seed: 7, epochs: 3, minDocuments: 4, correctedWeight: 3, textbookSections: 40 }

/**
 * The fixture corpus stored as ready documents whose authors corrected the key terms the model chose into the
 * corpus's hand-written ones: each term added or removed is a label, as the atom editor keeps them.
 */
async function storeCorrectedCorpus(store: Store, files: FileStore): Promise<number> {
  const selectTerms = createTermScorer(config)
  let labels = 0
  for (const [i, document] of loadCorpus().entries()) {
    const id = `doc-${i}`
    const [result] = await atomizeCollection([{ key: id, format: document.format, data: document.data }], { minWords: 40, maxWords: 400, selectTerms })
    const chosen = new Map(result!.glossary.map(term => [term.key, term]))
    const gold = new Map(document.gold.keyTerms.map(term => [termKey(term), term]))
    const atomId = result!.atoms[0]!.id
    const label = (term: string, change: TermLabel['change']): TermLabel => ({
      documentId: id, atomId, term, key: termKey(term), change, definition: null, previousDefinition: null, text: '', userId: 'author', at: new Date(2026, 0, 1, 0, labels++).toISOString(),
    })
    const corrections = [
      ...[...gold].filter(([key]) => !chosen.has(key)).map(([, term]) => label(term, 'added')),
      ...[...chosen].filter(([key]) => !gold.has(key)).map(([, term]) => label(term.term, 'removed')),
    ]
    await files.put(`files/${id}`, document.data, 'application/octet-stream')
    const now = new Date().toISOString()
    await store.documents.create({
      id, ownerId: 'author', title: document.gold.title, filename: document.file, format: document.format, size: document.data.byteLength, fileKey: `files/${id}`,
      status: 'ready', progress: 1, stage: null, atomCount: result!.atoms.length, error: null, version: 1, createdAt: now, updatedAt: now, collectionId: null,
    })
    const corrected: KeyTerm[] = [...gold].map(([key, term]) => ({ term, key, score: chosen.get(key)?.score ?? 1, definition: null, atomId }))
    await store.keyTerms.put(id, corrected)
    await store.termLabels.append(corrections)
  }
  return labels
}

describe('retraining the key-term model from authors\' corrections', () => {
  it('waits for enough corrections, publishes a model only if it finds held-out documents\' key terms better, and the scorer switches to it', async () => {
    await mlRuntime('cpu')
    const store = createSqliteStore(':memory:')
    const files = createLocalFileStore(join(folder, 'files'))
    try {
      expect(await retrainTermModel({ store, files }, config, quick)).toEqual({ status: 'skipped', reason: `0 new corrections; 20 needed`, labels: 0 })
      const labels = await storeCorrectedCorpus(store, files)
      expect(labels).toBeGreaterThanOrEqual(20)
      expect(await retrainTermModel({ store, files }, { ...config, termsRetrainLabels: 0 }, quick)).toMatchObject({ status: 'skipped', reason: 'retraining is turned off' })
      expect(await retrainTermModel({ store, files }, { ...config, termsModel: '/elsewhere/terms' }, quick)).toMatchObject({ status: 'skipped', reason: 'a configured model chooses key terms' })

      // A poor model in force (untrained weights): the retrained one must beat it on the held-out documents, and replaces it.
      const builtIn = await loadTermModel()
      await publishTermModel(files, await buildTermModel({ seed: 3, epochs: 0 }), { ...builtIn.metadata, version: 'poor' }, builtIn.lexicon)
      expect((await currentPublishedTermModel(files))?.metadata.version).toBe('poor')
      const result = await retrainTermModel({ store, files }, config, quick)
      expect(result.status, JSON.stringify(result)).toBe('published')
      if (result.status !== 'published') return
      expect(result.documents).toBe(loadCorpus().length)
      expect(result.retrained.f1).toBeGreaterThan(result.current.f1)
      expect((await readTermModelPointer(files))?.version).toBe(result.version)
      const published = await currentPublishedTermModel(files, Date.now() + 120_000)
      expect(published?.metadata.version).toBe(result.version)
      expect(published?.metadata.training).toMatchObject({ storeLabels: labels, correctedDocuments: loadCorpus().length, textbookSections: 40 })

      // The worker's scorer reads the published model: what it chooses is what that model chooses.
      const [document] = loadCorpus()
      let direct: string[] = []
      const selectTerms: TermSelector = async (all, context) => {
        direct = (await published!.select(all, context)).map(choice => choice.stats.key)
        return createTermScorer(config, files)(all, context)
      }
      const [again] = await atomizeCollection([{ key: 'again', format: document!.format, data: document!.data }], { minWords: 40, maxWords: 400, selectTerms })
      expect(direct.length).toBeGreaterThan(0)
      expect(again!.glossary.map(term => term.key).every(key => direct.includes(key))).toBe(true)

      // Nothing new since: the next run waits.
      expect(await retrainTermModel({ store, files }, config, quick)).toMatchObject({ status: 'skipped', reason: '0 new corrections; 20 needed' })

      // A retraining that learns nothing (no epochs) is worse than the model in force, which stays.
      await store.termLabels.append(Array.from({ length: 20 }, (_, i) => ({
        documentId: 'doc-0', atomId: 'a', term: 'cell', key: 'cell', change: 'added' as const, definition: null, previousDefinition: null, text: '', userId: 'author', at: new Date(2026, 1, 1, 0, i).toISOString(),
      })))
      const unchanged = await retrainTermModel({ store, files }, config, { ...quick, epochs: 0 })
      expect(unchanged.status, JSON.stringify(unchanged)).toBe('kept')
      expect((await readTermModelPointer(files))?.version).toBe(result.version)
    }
    finally {
      await store.close()
    }
  }, 600_000)
})
