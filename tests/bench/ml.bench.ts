/**
 * npm run bench:ml — the machine-learning figures: the atom type model against the rules alone on the
 * held-out split of models/data/atom-types.jsonl; semantic search quality on models/data/search-queries.jsonl
 * (recall@10 of keyword, vector and hybrid search through the real Orama driver, and Elasticsearch when
 * ELASTICSEARCH_URL is set), and what the encoder's learning from public material only costs it
 * (encoder-leave-out.ts: the searched documents left out of training); how many atoms per second typing, and embedding plus typing, run on each TF.js
 * backend this machine can run; the difficulty model against the text heuristic on the held-out learner
 * outcomes (models/data/difficulty.jsonl with simulated learners), and how fast it scores; then FSRS log loss
 * and RMSE(bins) of the default parameters, the project's fit and the reference optimizer's (see
 * fsrs-fit.ts). Figures are from one run on one machine.
 */
import { join } from 'node:path'
import { classifyAtom, type ClassifyInput } from '../../server/atomizer/nlp/classify'
import { loadTypeClassifier, typeModelSource, TypeClassifier } from '../../server/ml/atom-types/classifier'
import { heldOutSplit, readLabelledSet } from '../../server/ml/atom-types/dataset'
import { classifyInputsOf, compareWithRules } from '../../server/ml/atom-types/evaluate'
import type { DifficultyInput } from '../../server/atomizer/nlp/difficulty'
import { repositoryExamples, splitExamples } from '../../server/ml/difficulty/dataset'
import { compareWithHeuristic, beatsHeuristic, type RegressionScores } from '../../server/ml/difficulty/evaluate'
import { DifficultyModel, difficultyModelSource, loadDifficultyModel } from '../../server/ml/difficulty/model'
import { identityCalibration } from '../../server/ml/difficulty/outcomes'
import { loadLayersModel, loadModelMetadata, modelsRoot } from '../../server/ml/models'
import { mlRuntime, switchBackend, type BackendName } from '../../server/ml/runtime'
import { encoderLeaveOutRecall } from './encoder-leave-out'
import { fsrsBenchmark } from './fsrs-fit'
import { createElasticsearchIndex } from '../../server/drivers/search/elasticsearch'
import { createOramaIndex } from '../../server/drivers/search/orama'
import type { SearchIndex } from '../../server/drivers/search/types'
import { createEmbedder } from '../../server/ml/embeddings/embedder'
import { loadTextEncoder, type SubwordEncoder } from '../../server/ml/embeddings/encoder'
import { atomEmbeddingText } from '../../shared/utils/subwords'
import { corpusSearchDocuments, readSearchQueries, recallAtK } from '../support/search-quality'
import { cohesionAtGaps, vectorCohesionAtGaps } from '../../server/atomizer/segment/cohesion'
import { meaningCohesion, meaningWeight } from '../../server/atomizer/segment/meaning'
import { pooled, type Scores } from '../support/quality'
import { boundaryDocuments, boundaryScores, chooseWeight, comparedUnitVectors, leaveOneDocumentOut, type Cohesion } from '../support/segmentation-quality'

const atomCount = Number(process.env.BENCH_ATOMS ?? 10_000)
const targetSeconds = 10
const percent = (value: number) => `${(value * 100).toFixed(1)} %`
const seed = 7

async function classifierQuality() {
  const labelled = await readLabelledSet(join(modelsRoot(), 'data', 'atom-types.jsonl'))
  const { heldOut } = heldOutSplit(labelled, seed)
  const inputs = await classifyInputsOf(heldOut)
  const classifier = await loadTypeClassifier()
  const scores = await compareWithRules(classifier, heldOut, inputs)
  console.log(`Atom types on the held-out split (${heldOut.length} of ${labelled.length} hand-labelled atoms, seed ${seed}):`)
  console.log(`  rules alone     accuracy ${percent(scores.rules.accuracy).padStart(7)}  macro-F1 ${percent(scores.rules.macroF1).padStart(7)}`)
  console.log(`  rules + model   accuracy ${percent(scores.model.accuracy).padStart(7)}  macro-F1 ${percent(scores.model.macroF1).padStart(7)}`)
  const beats = scores.model.accuracy > scores.rules.accuracy && scores.model.macroF1 > scores.rules.macroF1
  console.log(`  target: the model above the rules alone on both → ${beats ? 'met' : 'NOT met'}`)
  return labelled
}

/** Atoms as the engine hands them to the typer (already analysed), repeated from the labelled set up to `atomCount`. */
async function engineInputs(labelled: Awaited<ReturnType<typeof readLabelledSet>>): Promise<ClassifyInput[]> {
  const distinct = await classifyInputsOf(labelled)
  return Array.from({ length: atomCount }, (_, i) => distinct[i % distinct.length]!)
}

async function searchQuality() {
  const embed = createEmbedder({ mlBackend: 'auto', embeddingsModel: undefined, embeddingsDims: 64 })
  const { documents, idOf } = await corpusSearchDocuments(embed)
  const queries = readSearchQueries()
  const documentIds = [...new Set(documents.map(doc => doc.documentId))]
  const indices: [string, () => SearchIndex][] = [['orama', () => createOramaIndex()]]
  if (process.env.ELASTICSEARCH_URL) {
    indices.push(['elasticsearch', () => createElasticsearchIndex({ url: process.env.ELASTICSEARCH_URL!, alias: `bench-ml-${Date.now()}`, refresh: true })])
  }
  console.log(`\nSemantic search on ${queries.length} queries of models/data/search-queries.jsonl over the ${documents.length} atoms of the fixture corpus (recall@10):`)
  for (const [name, create] of indices) {
    const index = create()
    try {
      await index.upsert(documents)
      await index.flush()
      const recall = await recallAtK(index, queries, embed, idOf, documentIds)
      console.log(`  ${name.padEnd(14)} keyword ${percent(recall.keyword).padStart(7)}  vector ${percent(recall.vector).padStart(7)}  hybrid ${percent(recall.hybrid).padStart(7)}  → hybrid above keyword: ${recall.hybrid > recall.keyword ? 'met' : 'NOT met'}`)
    }
    finally {
      await index.clear().catch(() => {})
      await index.close()
    }
  }
  return { documents, idOf }
}

/**
 * Topic boundaries of unheaded text (the gold `boundaries` of the fixture corpus, pooled) with the lexical cohesion
 * of the engine, with cohesion of meaning (unit embeddings) alone, and with the two blended at each weight; the
 * weight chosen on all documents and, to show how much of that choice is fitted to them, leave-one-document-out.
 */
async function segmentationByMeaning() {
  const encoder = await loadTextEncoder()
  const corpus = boundaryDocuments()
  const vectors = await comparedUnitVectors(corpus, async texts => ({ vectors: (await encoder.embed(texts)).map(vector => Array.from(vector)) }))
  const vectorOf = (text: string) => vectors.get(text)
  const scoresWith = (cohesion: Cohesion) => Promise.all(corpus.map(doc => boundaryScores(doc, cohesion)))
  const line = (name: string, scores: Scores) => console.log(`  ${name.padEnd(22)} precision ${percent(scores.precision).padStart(7)}  recall ${percent(scores.recall).padStart(7)}  F1 ${percent(scores.f1).padStart(7)}`)
  console.log(`\nTopic boundaries in ${corpus.length} fixture documents (${corpus.map(doc => doc.name).join(', ')}; ${corpus.reduce((sum, doc) => sum + doc.gold.boundaries!.length, 0)} gold boundaries, pooled):`)
  const lexical = pooled(await scoresWith(cohesionAtGaps))
  line('lexical', lexical)
  line('embedding', pooled(await scoresWith(units => vectorCohesionAtGaps(units.map(unit => vectorOf(unit.block.text))))))
  const weights = Array.from({ length: 11 }, (_, i) => i / 10)
  const scoresAt: Scores[][] = []
  for (const weight of weights) scoresAt.push(await scoresWith(meaningCohesion(vectorOf, weight)))
  const f1At = scoresAt.map(scores => pooled(scores).f1)
  const chosen = chooseWeight(weights, f1At)
  line(`combined (weight ${meaningWeight})`, pooled(scoresAt[weights.indexOf(meaningWeight)] ?? await scoresWith(meaningCohesion(vectorOf, meaningWeight))))
  console.log(`  F1 by weight of meaning: ${weights.map((weight, i) => `${weight} ${percent(f1At[i]!)}`).join(', ')}`)
  console.log(`  chosen on all documents: ${chosen} (the engine uses ${meaningWeight})`)
  const { folds, pooled: heldOut } = leaveOneDocumentOut(corpus.map(doc => doc.name), weights, scoresAt)
  console.log(`  leave-one-document-out: weights ${folds.map(fold => `${fold.document} ${fold.weight}`).join(', ')}`)
  line('combined, held out', heldOut)
  console.log(`  target: combined at least as good as lexical alone → ${pooled(scoresAt[weights.indexOf(chosen)]!).f1 >= lexical.f1 && heldOut.f1 >= lexical.f1 ? 'met' : 'NOT met'}`)
}

/** Times one run of the typing model (and, given an encoder, embedding first) over the inputs on a backend. */
async function throughput(backend: BackendName, inputs: ClassifyInput[], texts?: string[]): Promise<number | undefined> {
  if (!await switchBackend(backend)) return undefined
  const { tf } = await mlRuntime()
  const source = typeModelSource()
  const metadata = await loadModelMetadata(source) as { labels: TypeClassifier['labels'] }
  const classifier = new TypeClassifier(await loadLayersModel(source), metadata.labels, source)
  const encoder: SubwordEncoder | undefined = texts ? await loadTextEncoder() : undefined
  await classifier.classify(inputs.slice(0, 512)) // warms up kernels before timing
  await encoder?.embed(texts!.slice(0, 256))
  const tensorsBefore = tf.memory().numTensors
  const cpu = process.cpuUsage()
  const started = performance.now()
  if (encoder) await encoder.embed(texts!)
  await classifier.classify(inputs)
  const seconds = (performance.now() - started) / 1000
  const used = process.cpuUsage(cpu)
  const cpuSeconds = (used.user + used.system) / 1e6
  const leaked = tf.memory().numTensors - tensorsBefore
  classifier.model.dispose()
  const rate = inputs.length / seconds
  console.log(`  ${backend.padEnd(10)} ${seconds.toFixed(2).padStart(6)} s  ${Math.round(rate).toLocaleString('en').padStart(8)} atoms/s  (${cpuSeconds.toFixed(2)} s CPU; ${leaked} tensors left after the run)`)
  return seconds
}

const labelled = await classifierQuality()
const corpusAtoms = await searchQuality()
await encoderLeaveOutRecall(corpusAtoms.documents, corpusAtoms.idOf)
await segmentationByMeaning()
const inputs = await engineInputs(labelled)
const texts = inputs.map((input, i) => atomEmbeddingText({ title: input.title, text: labelled[i % labelled.length]!.body }))

const rulesStarted = performance.now()
inputs.forEach(classifyAtom)
const rulesSeconds = (performance.now() - rulesStarted) / 1000

console.log(`\nTyping ${atomCount.toLocaleString('en')} atoms (features from the engine's analysis + the model, in batches inside tf.tidy; wall time, and CPU time of this process):`)
const timings = new Map<BackendName, number>()
for (const backend of ['tensorflow', 'wasm', 'cpu'] as BackendName[]) {
  const seconds = await throughput(backend, inputs)
  if (seconds === undefined) console.log(`  ${backend.padEnd(10)} not available${backend === 'tensorflow' ? ' (tfjs-node is optional and not installed)' : ''}`)
  else timings.set(backend, seconds)
}
console.log(`  rules alone ${rulesSeconds.toFixed(2).padStart(5)} s  ${Math.round(atomCount / rulesSeconds).toLocaleString('en').padStart(8)} atoms/s`)
const wasm = timings.get('wasm')
const cpu = timings.get('cpu')
if (wasm && cpu) console.log(`  ratio: WASM is ${(cpu / wasm).toFixed(1)}× the speed of the plain-JavaScript backend`)
const best = Math.min(...timings.values())
console.log(`  target: ${atomCount.toLocaleString('en')} atoms in < ${targetSeconds} s → ${best * 10_000 / atomCount < targetSeconds ? 'met' : 'NOT met'} (best backend ${best.toFixed(2)} s)`)

console.log(`\nEmbedding and typing ${atomCount.toLocaleString('en')} atoms (the text encoder, then the type model; wall time, and CPU time of this process):`)
const both = new Map<BackendName, number>()
for (const backend of ['tensorflow', 'wasm', 'cpu'] as BackendName[]) {
  const seconds = await throughput(backend, inputs, texts)
  if (seconds === undefined) console.log(`  ${backend.padEnd(10)} not available`)
  else both.set(backend, seconds)
}
const bestBoth = Math.min(...both.values())
console.log(`  target: ${atomCount.toLocaleString('en')} atoms embedded and typed in < ${targetSeconds} s → ${bestBoth * 10_000 / atomCount < targetSeconds ? 'met' : 'NOT met'} (best backend ${bestBoth.toFixed(2)} s)`)

const regression = (scores: RegressionScores) => `MAE ${scores.mae.toFixed(3)}  RMSE ${scores.rmse.toFixed(3)}  Spearman ${scores.spearman.toFixed(3).padStart(6)}`

/** The difficulty model and the heuristic against the learners' outcomes of the held-out atoms. */
async function difficultyQuality(): Promise<DifficultyInput[]> {
  if (!await switchBackend('wasm')) await switchBackend('cpu')
  const { examples, reviews } = await repositoryExamples(join(modelsRoot(), 'data'), seed)
  const { heldOut } = splitExamples(examples, seed)
  const model = await loadDifficultyModel()
  const scores = await compareWithHeuristic(model, heldOut, model.metadata?.training?.calibration ?? identityCalibration)
  console.log(`\nDifficulty on the held-out split (${scores.examples} atoms with outcomes measured on 3+ learner cards, of ${heldOut.length} held out; ${examples.length} hand-rated atoms, ${reviews.length.toLocaleString('en')} simulated reviews, seed ${seed}):`)
  console.log(`  heuristic              ${regression(scores.heuristic)}`)
  console.log(`  heuristic, calibrated  ${regression(scores.calibratedHeuristic)}   (its line onto the outcome scale, fitted on the training split)`)
  console.log(`  model                  ${regression(scores.model)}`)
  console.log(`  target: the model below the calibrated heuristic's MAE and above the heuristic's Spearman → ${beatsHeuristic(scores) ? 'met' : 'NOT met'}`)
  return examples.map(example => example.input)
}

async function difficultyThroughput(backend: BackendName, inputs: DifficultyInput[]): Promise<void> {
  if (!await switchBackend(backend)) return
  const source = difficultyModelSource()
  const model = new DifficultyModel(await loadLayersModel(source), source)
  await model.score(inputs.slice(0, 512))
  const cpu = process.cpuUsage()
  const started = performance.now()
  await model.score(inputs)
  const seconds = (performance.now() - started) / 1000
  const used = process.cpuUsage(cpu)
  model.model.dispose()
  console.log(`  ${backend.padEnd(10)} ${seconds.toFixed(2).padStart(6)} s  ${Math.round(inputs.length / seconds).toLocaleString('en').padStart(8)} atoms/s  (${((used.user + used.system) / 1e6).toFixed(2)} s CPU)`)
}

const distinctDifficulty = await difficultyQuality()
const difficultyInputs = Array.from({ length: atomCount }, (_, i) => distinctDifficulty[i % distinctDifficulty.length]!)
console.log(`\nScoring the difficulty of ${atomCount.toLocaleString('en')} atoms (features from the engine's analysis + the model, in batches inside tf.tidy):`)
for (const backend of ['tensorflow', 'wasm', 'cpu'] as BackendName[]) await difficultyThroughput(backend, difficultyInputs)

await fsrsBenchmark()
