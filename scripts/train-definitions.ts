/**
 * npm run train:definitions — trains the definitions model on the training books of models/data/textbooks
 * (written by npm run corpus:build) and saves it to models/definitions/<version>/ with its metadata. Every
 * section is read as the worker reads it (the key-term model choosing key terms), in the three renderings
 * the key-term model learns from; every definition the text's patterns find is labelled right when its term
 * is a glossary term of the book and its meaning says what the glossary says. The probability from which a
 * definition is kept is chosen on the training books named by --dev: each group of books (groups separated by
 * `;`) is scored by a model trained without it, and the threshold is chosen on all groups' scores pooled, as
 * two books alone choose it by chance. The saved model is then trained on all training books. The validation
 * books are never read here.
 *
 *   npm run train:definitions -- [--seed 7] [--epochs 20] [--hidden 16] [--dev astronomy-2e,introduction-anthropology;…] [--version 1] [--dev-only]
 */
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { configDefaults } from '../server/config'
import { definitionFeatureSize, definitionFeatureVersion } from '../server/ml/definitions/features'
import { definitionModelName, definitionModelVersion, type DefinitionModelMetadata } from '../server/ml/definitions/model'
import { definitionExamples, predictDefinitions, scoreThreshold, trainDefinitionModel, type DefinitionExamples } from '../server/ml/definitions/train'
import { modelsRoot, saveLayersModel, saveModelMetadata } from '../server/ml/models'
import { mlRuntime } from '../server/ml/runtime'
import { createTermScorer } from '../server/ml/terms/selector'
import { readTextbooks, textbooksFolder, type Rendering } from '../server/ml/terms/textbooks'

const { values: args } = parseArgs({
  options: {
    'seed': { type: 'string', default: '7' },
    'epochs': { type: 'string', default: '20' },
    'hidden': { type: 'string', default: '16' },
    'dev': { type: 'string', default: 'astronomy-2e,introduction-anthropology;microbiology,principles-economics-3e;introduction-political-science,world-history-volume-2' },
    'version': { type: 'string', default: definitionModelVersion },
    'dev-only': { type: 'boolean', default: false },
  },
})
const seed = Number(args.seed)
const epochs = Number(args.epochs)
const devGroups = args.dev.split(';').map(group => group.split(',').filter(Boolean)).filter(group => group.length > 0)
const devBooks = devGroups.flat()
const pct = (value: number) => `${(value * 100).toFixed(1)} %`

const { backend } = await mlRuntime(configDefaults.mlBackend)
const sections = readTextbooks(textbooksFolder(modelsRoot()), 'train')
const books = [...new Set(sections.map(section => section.book))]
console.info(`[train:definitions] ${sections.length} sections of ${books.length} training books; dev: ${devBooks.join(', ')}; backend ${backend}`)
const renderings: Rendering[] = ['kept', 'emphasis', 'stripped']
let started = performance.now()
const examples = await definitionExamples(sections, renderings, createTermScorer(configDefaults), { minWords: configDefaults.atomMinWords, maxWords: configDefaults.atomMaxWords })
const count = (list: DefinitionExamples[]) => list.reduce((sum, example) => sum + example.labels.length, 0)
const right = (list: DefinitionExamples[]) => list.reduce((sum, example) => sum + example.labels.reduce((a, b) => a + b, 0), 0)
console.info(`[train:definitions] ${examples.length} documents read in ${((performance.now() - started) / 1000).toFixed(1)} s: ${count(examples).toLocaleString('en')} definitions found, ${right(examples).toLocaleString('en')} of them right`)

const options = { seed, epochs, hiddenUnits: Number(args.hidden) }
started = performance.now()
const devExamples: DefinitionExamples[] = []
const devScores: Float32Array[] = []
for (const group of devGroups) {
  const held = (example: DefinitionExamples) => group.includes(example.book)
  const devModel = await trainDefinitionModel(examples.filter(example => !held(example)), options)
  const groupExamples = examples.filter(held)
  devExamples.push(...groupExamples)
  devScores.push(...await predictDefinitions(devModel, groupExamples))
  devModel.dispose()
}
// The rules keep every definition they find: the baseline the threshold must beat.
const rules = scoreThreshold(devExamples, devScores, 0)
const thresholds = Array.from({ length: 19 }, (_, i) => ({ threshold: (i + 1) / 20, scores: scoreThreshold(devExamples, devScores, (i + 1) / 20) }))
const bestF1 = Math.max(...thresholds.map(({ scores }) => scores.f1))
// The text's definitions fall short in coverage far more than in precision: of the thresholds within half a
// point of the best F1, the lowest (the one that keeps the most) is taken.
const best = thresholds.find(({ scores }) => scores.f1 >= bestF1 - 0.005)!
console.info(`[train:definitions] dev books by threshold: ${thresholds.filter((_, i) => i % 2 === 0).map(({ threshold, scores }) => `${threshold}: P ${pct(scores.precision)} R ${pct(scores.recall)}`).join('; ')}`)
console.info(`[train:definitions] dev books: rules P ${pct(rules.precision)} R ${pct(rules.recall)} F1 ${pct(rules.f1)}; model from ${best.threshold}: P ${pct(best.scores.precision)} R ${pct(best.scores.recall)} F1 ${pct(best.scores.f1)}`)
if (args['dev-only']) process.exit(0)

const model = await trainDefinitionModel(examples, options)
console.info(`[train:definitions] trained in ${((performance.now() - started) / 1000).toFixed(1)} s`)
const folder = join(modelsRoot(), definitionModelName, args.version)
await saveLayersModel(model, folder)
const metadata: DefinitionModelMetadata = {
  name: definitionModelName,
  version: args.version,
  features: { featureVersion: definitionFeatureVersion, featureSize: definitionFeatureSize },
  threshold: best.threshold,
  training: { ...options, books, devBooks: devGroups.map(group => group.join(',')), documents: examples.length, definitions: count(examples), right: right(examples), renderings },
  dev: { model: best.scores, rules },
}
await saveModelMetadata(folder, metadata)
console.info(`[train:definitions] saved to models/${definitionModelName}/${args.version}/`)
