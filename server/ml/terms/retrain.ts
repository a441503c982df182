import { existsSync } from 'node:fs'
import type { AppConfig } from '../../config'
import type { Drivers } from '../../drivers'
import { modelsRoot, readStoredJson, writeStoredJson } from '../models'
import { mlRuntime } from '../runtime'
import { currentPublishedTermModel, publishedTermMetadata, publishTermModel } from './published-terms'
import { loadTermModel, TermModel, type TermModelMetadata } from './scorer'
import { readTextbooks, textbooksFolder, type Rendering } from './textbooks'
import { labelledExamples, predictDocuments, scoresFromCounts, selectionCounts, textbookDocuments, trainTermModel, type DocumentExamples, type LabelledDocument, type SelectionCounts, type TermScores } from './train'

export interface TermRetrainOptions {
  seed: number
  epochs: number
  /** Corrected documents needed before a retrained model can be judged: at least one is held out. */
  minDocuments: number
  /** How many times a corrected document counts against one textbook section: authors' words weigh more. */
  correctedWeight: number
  /** At most this many textbook sections (evenly spread over the training books); all by default. */
  textbookSections?: number
}

export const termRetrainDefaults: TermRetrainOptions = { seed: 7, epochs: 6, minDocuments: 4, correctedWeight: 3 }

export type TermRetrainResult
  = | { status: 'skipped', reason: string, labels: number }
    | { status: 'kept' | 'published', reason: string, labels: number, version?: string, documents: number, current: TermScores, retrained: TermScores }

/** Where the label count at the last attempt is kept, so a rejected retraining waits for new corrections too. */
const attemptKey = 'models/terms/last-attempt.json'
const renderings: Rendering[] = ['kept', 'emphasis', 'stripped']

async function labelsAtLastTraining(drivers: Pick<Drivers, 'files'>, builtIn: TermModelMetadata | undefined): Promise<number> {
  const published = await publishedTermMetadata(drivers.files)
  const attempt = await readStoredJson(drivers.files, attemptKey) as { storeLabels?: unknown } | undefined
  const trained = (metadata?: TermModelMetadata) => Number((metadata?.training as { storeLabels?: unknown } | undefined)?.storeLabels ?? 0)
  return Math.max(trained(published), trained(builtIn), typeof attempt?.storeLabels === 'number' ? attempt.storeLabels : 0)
}

/** How many corrections the store holds, and the documents they were made in. */
async function correctedDocuments(drivers: Pick<Drivers, 'store'>): Promise<{ labels: number, documentIds: string[] }> {
  let labels = 0
  const documentIds = new Set<string>()
  for await (const batch of drivers.store.termLabels.scan(500)) {
    labels += batch.length
    for (const label of batch) documentIds.add(label.documentId)
  }
  return { labels, documentIds: [...documentIds] }
}

/**
 * Each corrected document as the engine reads it (its stored file), labelled with its key terms as they stand
 * after the corrections (the model's choice, with what authors added and without what they removed).
 */
async function labelledCorrections(drivers: Pick<Drivers, 'store' | 'files'>, documentIds: string[]): Promise<LabelledDocument[]> {
  const documents: LabelledDocument[] = []
  for (const id of documentIds) {
    const document = await drivers.store.documents.get(id)
    const keyTerms = document?.status === 'ready' ? await drivers.store.keyTerms.get(id) : null
    const data = document && keyTerms?.length ? await drivers.files.get(document.fileKey) : null
    if (!document || !keyTerms || !data) continue
    documents.push({ book: id, rendering: 'corrected', key: id, format: document.format, data: new Uint8Array(data), gold: keyTerms.map(term => [term.key]) })
  }
  return documents
}

/** Every `n`-th section of the training books, so a limited number still covers each book. */
function spread<T>(items: T[], limit?: number): T[] {
  if (!limit || items.length <= limit) return items
  const step = items.length / limit
  return Array.from({ length: limit }, (_, i) => items[Math.floor(i * step)]!)
}

/** A model's key-term scores on documents, choosing as the engine does for each (marked or plain words). */
async function scoresOf(model: TermModel, documents: DocumentExamples[]): Promise<TermScores> {
  const predicted = await predictDocuments(model.model, documents)
  const pooled: SelectionCounts = { right: 0, predicted: 0, found: 0, gold: 0 }
  for (const marked of [true, false]) {
    const picked = documents.flatMap((document, i) => (document.marked === marked ? [i] : []))
    const alpha = marked ? model.metadata.selection.alpha.marked : model.metadata.selection.alpha.plain
    const counts = selectionCounts(picked.map(i => documents[i]!), picked.map(i => predicted[i]!), alpha)
    for (const key of Object.keys(pooled) as (keyof SelectionCounts)[]) pooled[key] += counts[key]
  }
  return scoresFromCounts(pooled)
}

/**
 * The scheduled retraining: once `termsRetrainLabels` new corrections of key terms or definitions are in the
 * store, trains a key-term model on the labelled textbooks (shipped with the server) and the corrected
 * documents, a quarter of which are held out; it is published only if it finds their key terms better (F1)
 * than the model in force, and every web instance and worker switches to it within a minute (published-terms.ts).
 */
export async function retrainTermModel(
  drivers: Pick<Drivers, 'store' | 'files'>, config: Pick<AppConfig, 'mlBackend' | 'termsModel' | 'termsRetrainLabels' | 'atomMinWords' | 'atomMaxWords'>,
  options: TermRetrainOptions = termRetrainDefaults,
): Promise<TermRetrainResult> {
  const { labels, documentIds } = await correctedDocuments(drivers)
  if (config.termsRetrainLabels === 0) return { status: 'skipped', reason: 'retraining is turned off', labels }
  if (config.termsModel) return { status: 'skipped', reason: 'a configured model chooses key terms', labels }
  await mlRuntime(config.mlBackend)
  const builtIn = await loadTermModel()
  const fresh = labels - await labelsAtLastTraining(drivers, builtIn.metadata)
  if (fresh < config.termsRetrainLabels) return { status: 'skipped', reason: `${fresh} new corrections; ${config.termsRetrainLabels} needed`, labels }

  await writeStoredJson(drivers.files, attemptKey, { storeLabels: labels, at: new Date().toISOString() })
  const corrected = await labelledCorrections(drivers, documentIds)
  if (corrected.length < options.minDocuments) {
    return { status: 'skipped', reason: `${corrected.length} corrected documents; ${options.minDocuments} needed`, labels }
  }
  // A published model that no longer loads is no model to keep: the built-in one is the one to beat.
  const inForce = await currentPublishedTermModel(drivers.files).catch(() => undefined) ?? builtIn
  const atomizing = { minWords: config.atomMinWords, maxWords: config.atomMaxWords }
  const examples = await labelledExamples(corrected, inForce.lexicon, atomizing)
  // Every fourth corrected document (at least one) is held out to judge the models.
  const heldOut = examples.filter((_, i) => i % 4 === 3 || (examples.length < 4 && i === examples.length - 1))
  const learning = examples.filter(example => !heldOut.includes(example))
  const folder = textbooksFolder(modelsRoot())
  const sections = existsSync(folder) ? spread(readTextbooks(folder, 'train'), options.textbookSections) : []
  const textbooks = await labelledExamples(textbookDocuments(sections, renderings), inForce.lexicon, atomizing)
  const weighted = Array.from({ length: options.correctedWeight }, () => learning).flat()
  const model = await trainTermModel([...textbooks, ...weighted], { seed: options.seed, epochs: options.epochs })
  const version = `retrained-${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}`
  const metadata: TermModelMetadata = {
    ...inForce.metadata,
    version,
    training: {
      seed: options.seed, epochs: options.epochs, storeLabels: labels, correctedDocuments: corrected.length, heldOutDocuments: heldOut.length,
      textbookSections: sections.length, correctedWeight: options.correctedWeight, retrainedFrom: inForce.metadata.version,
    },
  }
  const retrainedModel = new TermModel(model, metadata, inForce.lexicon, `retrained ${version}`)
  const current = await scoresOf(inForce, heldOut)
  const retrained = await scoresOf(retrainedModel, heldOut)
  const result = { labels, documents: corrected.length, current, retrained }
  if (retrained.f1 <= current.f1) {
    model.dispose()
    return { status: 'kept', reason: 'the retrained model does not find the held-out documents\' key terms better than the model in force', ...result }
  }
  await publishTermModel(drivers.files, model, { ...metadata, dev: { corrected: retrained } }, inForce.lexicon)
  model.dispose()
  return { status: 'published', reason: 'the retrained model finds the held-out documents\' key terms better than the model in force', version, ...result }
}
