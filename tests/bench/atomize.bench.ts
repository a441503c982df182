/**
 * npm run bench:atomize — speed of the whole pipeline and of each stage on a ~100,000-word book built from
 * the fixture corpus, against LangChain's RecursiveCharacterTextSplitter on the same text, and key-term
 * quality against retext-keywords on the labelled fixtures; and the pipeline with the text encoder, splitting long
 * sections by lexical cohesion alone and blended with meaning. Figures are ratios from one run on one machine.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters'
import { atomizeCollection, engineStages, type EngineOptions, type EngineStage } from '../../server/atomizer'
import { cohesionAtGaps } from '../../server/atomizer/segment/cohesion'
import { configDefaults } from '../../server/config'
import { extract } from '../../server/atomizer/extract'
import { createAtomTyper } from '../../server/ml/atom-types/typer'
import { createDifficultyScorer } from '../../server/ml/difficulty/scorer'
import { createEmbedder } from '../../server/ml/embeddings/embedder'
import { createTermScorer } from '../../server/ml/terms/selector'
import { createDefinitionJudge } from '../../server/ml/definitions/model'
import { mlRuntime } from '../../server/ml/runtime'
import { buildPdf } from '../fixtures/build-binaries'
import type { SourceBlock } from '../fixtures/source'
import { retextKeyTerms } from '../support/keywords'
import { atomizeOne, evaluate, loadCorpus, percent, plainText, pooled, score, type Scores } from '../support/quality'

const targetWords = Number(process.env.BENCH_WORDS ?? 100_000)
const countWords = (text: string) => text.split(/\s+/).filter(Boolean).length
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`
const rate = (words: number, ms: number) => Math.round(words / (ms / 1000))

async function buildBook(): Promise<string> {
  const corpus = loadCorpus()
  const chapters: string[] = []
  for (const doc of corpus) {
    const extracted = await extract(doc.data, doc.format)
    chapters.push(extracted.blocks.map(block => block.markdown).join('\n\n'))
  }
  const parts: string[] = []
  let words = 0
  for (let copy = 1; words < targetWords; copy++) {
    for (const [i, chapter] of chapters.entries()) {
      // Each copy is a new part, so headings (and ids) differ between copies.
      const text = `# Part ${copy}, chapter ${i + 1}\n\n${chapter.replace(/^(#+) /gm, '#$1 ')}`
      parts.push(text)
      words += countWords(text)
      if (words >= targetWords) break
    }
  }
  return parts.join('\n\n')
}

/** CPU time of this process in ms: what one core spends, whatever else the machine is doing (npm runs this with V8's GC on the main thread). */
const cpuMs = () => {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1000
}

/** Types and scores atoms as the worker does: the rules with the type model, then the difficulty model. */
const typeAtoms = createAtomTyper(configDefaults)
const scoreDifficulty = createDifficultyScorer(configDefaults)

/** Chooses key terms as the worker does: the key-term model over every candidate. */
const selectTerms = createTermScorer(configDefaults)
const judgeDefinitions = createDefinitionJudge(configDefaults)

/** Embeds atoms as the worker does; with it, long sections are also split by meaning unless `cohesion` is given. */
const embedAtoms = createEmbedder(configDefaults)

async function timePipeline(book: string, extra: Pick<EngineOptions, 'embedAtoms' | 'cohesion' | 'selectTerms' | 'judgeDefinitions'> = { selectTerms, judgeDefinitions }) {
  const stageStarts = new Map<EngineStage, number>()
  const started = cpuMs()
  const wallStarted = performance.now()
  const [result] = await atomizeCollection([{ key: 'book', format: 'markdown', data: new TextEncoder().encode(book) }], {
    minWords: configDefaults.atomMinWords,
    maxWords: configDefaults.atomMaxWords,
    typeAtoms,
    scoreDifficulty,
    ...extra,
    onProgress: (stage) => {
      if (!stageStarts.has(stage)) stageStarts.set(stage, cpuMs())
    },
  })
  const total = cpuMs() - started
  const wall = performance.now() - wallStarted
  const stages = engineStages.map((stage, i) => {
    const start = stageStarts.get(stage) ?? started
    const end = engineStages.slice(i + 1).map(next => stageStarts.get(next)).find(Boolean) ?? started + total
    return { stage, ms: end - start }
  })
  return { total, wall, stages, atoms: result!.atoms.length }
}

/** The book as a PDF (pdfkit: real headings in larger type, wrapped body text, page numbers), atomized in a fresh process. */
async function timePdfBook(book: string) {
  const blocks: SourceBlock[] = book.split(/\n{2,}/).flatMap((part): SourceBlock[] => {
    const heading = /^(#{1,3}) (.+)$/.exec(part)
    if (heading) return [{ kind: 'heading', level: heading[1]!.length as 1 | 2 | 3, text: heading[2]! }]
    const text = part.replace(/[*_`\\#|[\]<>]/g, '').replace(/\s+/g, ' ').trim()
    return text ? [{ kind: 'paragraph', text }] : []
  })
  const pdf = await buildPdf({ title: 'Benchmark book', subject: 'benchmark', format: 'pdf', author: 'Learning Atomizer', blocks })
  const folder = mkdtempSync(join(tmpdir(), 'atomizer-bench-'))
  const file = join(folder, 'book.pdf')
  writeFileSync(file, pdf)
  try {
    const script = new URL('./atomize-file.ts', import.meta.url).pathname
    const output = execFileSync(process.execPath, ['--import', 'tsx', script, file], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 })
    return { bytes: pdf.length, ...JSON.parse(output.trim().split('\n').at(-1)!) as { atoms: number, pages: number, words: number, cpuMs: number, wallMs: number, baselineMiB: number, peakMiB: number } }
  }
  finally {
    rmSync(folder, { recursive: true, force: true })
  }
}

async function main() {
  const corpus = loadCorpus()
  await atomizeOne(corpus[0]!) // loads the language model before anything is timed
  await atomizeCollection([{ key: 'warm-up', format: corpus[0]!.format, data: corpus[0]!.data }], { minWords: configDefaults.atomMinWords, maxWords: configDefaults.atomMaxWords, typeAtoms, scoreDifficulty, selectTerms, judgeDefinitions })
  const { backend } = await mlRuntime()

  const book = await buildBook()
  const words = countWords(book)
  console.log(`Corpus: a ${words.toLocaleString('en')}-word Markdown book built from ${corpus.length} fixture documents\n`)

  const runs = [await timePipeline(book), await timePipeline(book), await timePipeline(book)]
  const pipeline = runs.sort((a, b) => a.total - b.total)[0]!
  console.log(`Whole pipeline (extract → analyze → segment → terms with the key-term model → types with the model on TF.js ${backend} → link → cards), single-threaded; CPU time of the process, best of ${runs.length}:`)
  console.log(`  ${seconds(pipeline.total)} CPU (${seconds(pipeline.wall)} wall) for the book: ${rate(words, pipeline.total).toLocaleString('en')} words/s per core, ${pipeline.atoms} atoms`)
  console.log(`  targets: ≥ 50,000 words/s per core → ${rate(words, pipeline.total) >= 50_000 ? 'met' : 'NOT met'}; 100,000 words in < 5 s → ${pipeline.wall / 1000 * 100_000 / words < 5 ? 'met' : 'NOT met'} (${seconds(pipeline.wall * 100_000 / words)} wall)`)
  console.log('  per stage:')
  for (const { stage, ms } of pipeline.stages) {
    console.log(`    ${stage.padEnd(11)} ${seconds(ms).padStart(8)}  ${rate(words, Math.max(ms, 0.001)).toLocaleString('en').padStart(12)} words/s  ${percent(ms / pipeline.total).padStart(6)} of the time`)
  }

  // Interleaved, so that what else the machine does weighs on both alike.
  const modelRuns: (typeof pipeline)[] = []
  const rulesRuns: (typeof pipeline)[] = []
  for (let run = 0; run < 3; run++) {
    modelRuns.push(await timePipeline(book))
    rulesRuns.push(await timePipeline(book, {}))
  }
  const best = (runs: (typeof pipeline)[]) => runs.sort((a, b) => a.total - b.total)[0]!
  const termsMs = (run: typeof pipeline) => run.stages.find(s => s.stage === 'terms')!.ms
  const [withModel, withRules] = [best(modelRuns), best(rulesRuns)]
  console.log(`\nKey terms by the model and by the rules alone, best of 3 interleaved:`)
  console.log(`  model ${seconds(withModel.total)} CPU (${rate(words, withModel.total).toLocaleString('en')} words/s per core), terms stage ${seconds(termsMs(withModel))}`)
  console.log(`  rules ${seconds(withRules.total)} CPU (${rate(words, withRules.total).toLocaleString('en')} words/s per core), terms stage ${seconds(termsMs(withRules))}`)
  console.log(`  ratio: ${(withModel.total / withRules.total).toFixed(3)}× the whole pipeline with the rules`)

  const lexicalRuns: (typeof pipeline)[] = []
  const blendedRuns: (typeof pipeline)[] = []
  for (let run = 0; run < 3; run++) {
    lexicalRuns.push(await timePipeline(book, { selectTerms, judgeDefinitions, embedAtoms, cohesion: cohesionAtGaps }))
    blendedRuns.push(await timePipeline(book, { selectTerms, judgeDefinitions, embedAtoms }))
  }
  const fastest = (runs: (typeof pipeline)[]) => runs.sort((a, b) => a.total - b.total)[0]!
  const [lexical, blended] = [fastest(lexicalRuns), fastest(blendedRuns)]
  const segmentingMs = (run: typeof pipeline) => run.stages.find(s => s.stage === 'segmenting')!.ms
  console.log(`\nWith the text encoder, as the worker runs it (atoms embedded), best of 3 interleaved:`)
  console.log(`  lexical cohesion          ${seconds(lexical.total)} CPU, segmenting ${seconds(segmentingMs(lexical))}`)
  console.log(`  lexical and meaning       ${seconds(blended.total)} CPU, segmenting ${seconds(segmentingMs(blended))} (long sections' paragraphs embedded first)`)
  console.log(`  ratio: ${(blended.total / lexical.total).toFixed(3)}× the whole pipeline with lexical cohesion alone (segmenting ${(segmentingMs(blended) / segmentingMs(lexical)).toFixed(1)}×)`)

  const pdf = await timePdfBook(book)
  console.log(`\nThe same book as a ${pdf.pages}-page PDF (${(pdf.bytes / 1024 / 1024).toFixed(1)} MB), in a process of its own:`)
  console.log(`  ${seconds(pdf.cpuMs)} CPU (${seconds(pdf.wallMs)} wall), ${rate(pdf.words, pdf.cpuMs).toLocaleString('en')} words/s per core, ${pdf.atoms} atoms`)
  console.log(`  peak memory ${Math.round(pdf.peakMiB)} MiB, ${Math.round(pdf.peakMiB - pdf.baselineMiB)} MiB above the process after loading`)

  const splitter = new RecursiveCharacterTextSplitter({ chunkSize: 1500, chunkOverlap: 0 })
  await splitter.splitText(book.slice(0, 10_000))
  const splitStarted = cpuMs()
  const chunks = await splitter.splitText(book)
  const splitMs = cpuMs() - splitStarted
  console.log(`\nLangChain RecursiveCharacterTextSplitter (chunkSize 1500), same text:`)
  console.log(`  ${seconds(splitMs)}, ${rate(words, splitMs).toLocaleString('en')} words/s, ${chunks.length} chunks (no terms, definitions, links or cards)`)
  console.log(`  ratio: the splitter is ${(pipeline.total / splitMs).toFixed(1)}× faster than the whole pipeline, ${(pipeline.stages.find(s => s.stage === 'segmenting')!.ms / splitMs).toFixed(2)}× the time of our segmenting stage`)

  const ours: Scores[] = []
  const theirs: Scores[] = []
  for (const doc of corpus) {
    const result = await atomizeOne(doc)
    const quality = evaluate(doc, result)
    ours.push(quality.keyTerms)
    theirs.push(score(await retextKeyTerms(await plainText(doc), Math.max(1, result.keyTerms.length)), doc.gold.keyTerms))
  }
  const a = pooled(ours)
  const b = pooled(theirs)
  console.log(`\nKey terms on ${corpus.length} labelled documents (retext-keywords given as many terms as the engine chose):`)
  console.log(`  Learning Atomizer  P ${percent(a.precision).padStart(6)}  R ${percent(a.recall).padStart(6)}  F1 ${a.f1.toFixed(3)}`)
  console.log(`  retext-keywords    P ${percent(b.precision).padStart(6)}  R ${percent(b.recall).padStart(6)}  F1 ${b.f1.toFixed(3)}`)
  console.log(`  F1 difference: ${(a.f1 - b.f1 >= 0 ? '+' : '')}${(a.f1 - b.f1).toFixed(3)} (target ≥ +0.15 → ${a.f1 - b.f1 >= 0.15 ? 'met' : 'NOT met'}); ratio ${(a.f1 / Math.max(b.f1, 1e-9)).toFixed(2)}×`)
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
