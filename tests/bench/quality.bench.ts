/**
 * npm run bench:quality — what a teacher would check, on sections of labelled textbooks the models never
 * learned from (the validation books of models/data/textbooks), each atomized as its own document the way
 * the worker does it: key terms against the book's (the engine's, today's rules, retext-keywords' top 20),
 * definitions and definition cards against the glossary, cards on labels, pronouns or generic words,
 * duplicate titles, prerequisite links against the book's order, and the spread of difficulty and reading
 * time. Every section is read three times: as plain words ("stripped", as plain text exports and PDFs come),
 * with the book's emphasis but no glossary ("emphasis"), and with its emphasis and glossary ("kept").
 *
 *   BENCH_QUALITY_BOOKS=anatomy-and-physiology-2e,… BENCH_QUALITY_SECTIONS=4 npm run bench:quality
 */
import { atomizeCollection, type EngineDocument, type EngineOptions } from '../../server/atomizer'
import { extract } from '../../server/atomizer/extract'
import { configDefaults } from '../../server/config'
import { createAtomTyper } from '../../server/ml/atom-types/typer'
import { createDifficultyScorer } from '../../server/ml/difficulty/scorer'
import { createEmbedder } from '../../server/ml/embeddings/embedder'
import { modelsRoot } from '../../server/ml/models'
import { mlRuntime } from '../../server/ml/runtime'
import { isCandidate } from '../../server/ml/terms/features'
import { loadTermModel } from '../../server/ml/terms/scorer'
import { createTermScorer } from '../../server/ml/terms/selector'
import { createDefinitionJudge } from '../../server/ml/definitions/model'
import { goldKeys, readTextbooks, renderSection, textbooksFolder, type Rendering, type TextbookSection } from '../../server/ml/terms/textbooks'
import type { TermSelector } from '../../server/atomizer/nlp/terms'
import { retextKeyTerms } from '../support/keywords'
import { addCounts, correlation, emptyCounts, mean, prf, sectionQuality, standardDeviation, type Counts, type SectionQuality } from '../support/textbook-quality'

const renderings: Rendering[] = ['stripped', 'emphasis', 'kept']
const books = process.env.BENCH_QUALITY_BOOKS?.split(',').filter(Boolean)
const perBook = Number(process.env.BENCH_QUALITY_SECTIONS ?? Infinity)
const retextLimit = 20

const pct = (value: number) => `${(value * 100).toFixed(1)}`.padStart(5)
const fixed = (value: number, digits = 2) => value.toFixed(digits)

type System = 'model' | 'rules' | 'retext'

interface Row {
  book: string
  rendering: Rendering
  system: System
  quality: SectionQuality
}

const baseOptions: EngineOptions = {
  minWords: configDefaults.atomMinWords,
  maxWords: configDefaults.atomMaxWords,
  typeAtoms: createAtomTyper(configDefaults),
  scoreDifficulty: createDifficultyScorer(configDefaults),
  embedAtoms: createEmbedder(configDefaults),
}

async function atomize(section: TextbookSection, rendering: Rendering, options: EngineOptions): Promise<EngineDocument> {
  const [document] = await atomizeCollection([{ key: `${section.book}/${section.module}`, format: 'markdown', data: new TextEncoder().encode(renderSection(section, rendering)) }], options)
  return document!
}

async function plainText(markdown: string): Promise<string> {
  const extracted = await extract(new TextEncoder().encode(markdown), 'markdown')
  return extracted.blocks.map(block => block.text).join('\n\n')
}

function sumQuality(all: SectionQuality[]) {
  const counts = (pick: (q: SectionQuality) => Counts) => all.map(pick).reduce(addCounts, emptyCounts())
  const bad: Record<string, number> = {}
  for (const q of all) for (const [kind, count] of Object.entries(q.badCards)) bad[kind] = (bad[kind] ?? 0) + count
  const difficulties = all.flatMap(q => q.difficulties)
  const labels = { easy: 0, medium: 0, hard: 0 }
  for (const d of difficulties) labels[d < 0.35 ? 'easy' : d < 0.65 ? 'medium' : 'hard']++
  const links = all.reduce((sum, q) => sum + q.links, 0)
  return {
    keyTerms: prf(counts(q => q.keyTerms)),
    predictedTerms: counts(q => q.keyTerms).predicted / Math.max(1, all.length),
    definitions: counts(q => q.definitions),
    definitionCards: counts(q => q.definitionCards),
    definitionsByWords: counts(q => q.definitionsByWords),
    definitionCardsByWords: counts(q => q.definitionCardsByWords),
    bad,
    cards: all.reduce((sum, q) => sum + q.cards, 0),
    duplicateTitles: all.reduce((sum, q) => sum + q.duplicateTitles, 0),
    labelTitles: all.reduce((sum, q) => sum + q.labelTitles, 0),
    links,
    backward: links === 0 ? 1 : all.reduce((sum, q) => sum + q.backwardLinks, 0) / links,
    tau: mean(all.map(q => q.tau)),
    difficulty: { sd: standardDeviation(difficulties), min: Math.min(...difficulties), max: Math.max(...difficulties), labels },
    reading: { sd: standardDeviation(all.flatMap(q => q.readingSeconds)), withWords: correlation(all.flatMap(q => q.readingSeconds), all.flatMap(q => q.words)) },
    atoms: all.reduce((sum, q) => sum + q.atoms, 0),
  }
}

async function main() {
  const { backend } = await mlRuntime(configDefaults.mlBackend)
  const sections = readTextbooks(textbooksFolder(modelsRoot()), 'validation').filter(section => !books || books.includes(section.book))
  const bookIds = [...new Set(sections.map(section => section.book))]
  const chosen = bookIds.flatMap(book => sections.filter(section => section.book === book).slice(0, perBook))
  const termModel = await loadTermModel(configDefaults.termsModel).catch((error: unknown) => {
    console.warn(`No key-term model: ${error instanceof Error ? error.message : String(error)}`)
    return undefined
  })
  const systems: System[] = termModel ? ['model', 'rules', 'retext'] : ['rules', 'retext']
  const modelTerms = createTermScorer(configDefaults)
  // The ceiling of recall: the book's key terms that some candidate holds, whatever the model makes of them.
  const ceiling = new Map<Rendering, { held: number, gold: number }>(renderings.map(rendering => [rendering, { held: 0, gold: 0 }]))
  let candidateKeys = new Set<string>()
  const selectTerms: TermSelector = (all, context) => {
    candidateKeys = new Set([...all.values()].filter(isCandidate).map(stats => stats.key))
    return modelTerms(all, context)
  }
  const judgeDefinitions = createDefinitionJudge(configDefaults)
  console.log(`Validation books: ${bookIds.join(', ')}; ${chosen.length} sections, ${chosen.reduce((sum, s) => sum + s.markdown.split(/\s+/).length, 0).toLocaleString('en')} words; TF.js ${backend}`)
  console.log(`Key-term model: ${termModel ? `${termModel.metadata.name}/${termModel.metadata.version}, choosing how many by expected F1 (alpha ${termModel.metadata.selection.alpha.marked} marked, ${termModel.metadata.selection.alpha.plain} plain)` : 'none (today\'s rules alone)'}\n`)

  const rows: Row[] = []
  const started = performance.now()
  for (const section of chosen) {
    for (const rendering of renderings) {
      const markdown = renderSection(section, rendering)
      for (const system of systems) {
        if (system === 'retext') {
          const terms = await retextKeyTerms(await plainText(markdown), retextLimit)
          const quality = sectionQuality(section, { key: '', title: '', atoms: [], keyTerms: terms, rankedTerms: [], glossary: [], readingOrder: [] })
          rows.push({ book: section.book, rendering, system, quality })
          continue
        }
        const result = await atomize(section, rendering, system === 'model' ? { ...baseOptions, selectTerms, judgeDefinitions } : baseOptions)
        if (system === 'model') {
          const counts = ceiling.get(rendering)!
          counts.gold += section.keyTerms.length
          counts.held += section.keyTerms.filter(term => goldKeys(term).some(key => candidateKeys.has(key))).length
        }
        rows.push({ book: section.book, rendering, system, quality: sectionQuality(section, result) })
      }
    }
  }
  console.log(`(${chosen.length * renderings.length} renderings atomized ${systems.filter(s => s !== 'retext').length}× in ${((performance.now() - started) / 1000).toFixed(1)} s)\n`)

  const groups = [...bookIds.map(book => ({ name: book, rows: rows.filter(row => row.book === book) })), { name: 'total', rows }]
  const systemNames: Record<System, string> = { model: 'model', rules: 'rules', retext: `retext top ${retextLimit}` }

  console.log('Key terms: precision / recall / F1 (%), and key terms per section; the book\'s bold terms and glossary terms are the gold')
  console.log(`${'book'.padEnd(28)} ${'system'.padEnd(14)} ${renderings.map(r => `${r.padEnd(8)}  P     R     F1    n`).join('  |  ')}`)
  for (const group of groups) {
    for (const system of systems) {
      const cells = renderings.map((rendering) => {
        const summary = sumQuality(group.rows.filter(row => row.system === system && row.rendering === rendering).map(row => row.quality))
        return `${''.padEnd(8)} ${pct(summary.keyTerms.precision)} ${pct(summary.keyTerms.recall)} ${pct(summary.keyTerms.f1)} ${summary.predictedTerms.toFixed(0).padStart(4)}`
      })
      console.log(`${group.name.padEnd(28)} ${systemNames[system].padEnd(14)} ${cells.join('  |  ')}`)
    }
  }

  if (termModel) console.log(`\nThe book's key terms among the candidates (the ceiling of recall): ${renderings.map(rendering => `${rendering} ${pct(ceiling.get(rendering)!.held / Math.max(1, ceiling.get(rendering)!.gold))} %`).join(', ')}`)

  const pipeline: System = termModel ? 'model' : 'rules'
  for (const rendering of renderings) {
    console.log(`\nAtoms and cards (${pipeline === 'model' ? 'with the key-term model' : 'today\'s rules'}), ${rendering}:`)
    console.log(`${'book'.padEnd(28)} defs cov  prec (words) | def cards ok (words) | bad cards                    | dup titles | back links  tau  | difficulty sd [min–max] e/m/h | read s: sd, r(words)`)
    for (const group of groups) {
      const s = sumQuality(group.rows.filter(row => row.system === pipeline && row.rendering === rendering).map(row => row.quality))
      const coverage = s.definitions.gold === 0 ? 0 : s.definitions.found / s.definitions.gold
      const share = (counts: Counts) => (counts.predicted === 0 ? 0 : counts.right / counts.predicted)
      const bad = Object.entries(s.bad).map(([kind, count]) => `${kind} ${count}`).join(', ') || 'none'
      console.log(`${group.name.padEnd(28)} ${pct(coverage)}  ${pct(share(s.definitions))} (${pct(share(s.definitionsByWords))}) | ${pct(share(s.definitionCards))} (${pct(share(s.definitionCardsByWords))}) of ${String(s.definitionCards.predicted).padStart(3)} | ${bad.padEnd(28)} | ${String(s.duplicateTitles).padStart(3)} (${s.labelTitles} lbl) | ${pct(s.backward)} of ${String(s.links).padStart(3)} ${fixed(s.tau).padStart(5)} | ${fixed(s.difficulty.sd)} [${fixed(s.difficulty.min)}–${fixed(s.difficulty.max)}] ${s.difficulty.labels.easy}/${s.difficulty.labels.medium}/${s.difficulty.labels.hard} | ${s.reading.sd.toFixed(0).padStart(3)}, ${fixed(s.reading.withWords)} (${s.atoms} atoms, ${s.cards} cards)`)
    }
  }
  console.log('\nDefinitions agree with the glossary when they share two fifths of its content stems (meaningAgrees); in brackets, the earlier measure: half of its whole words (meaningMatches).')
  console.log('\nTargets on the validation books: key-term F1 ≥ 0.60; definitions coverage and precision ≥ 0.85; definition cards correct ≥ 0.85; no cards on labels; no duplicate titles; backward links ≥ 0.90; tau ≥ 0.8.')
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
