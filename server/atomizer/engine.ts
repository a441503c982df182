import type { Atom, Card } from '../../shared/schemas/atom'
import type { KeyTerm } from '../../shared/schemas/glossary'
import { titleFromFilename } from '../../shared/utils/formats'
import { atomEmbeddingText } from '../../shared/utils/subwords'
import { cardsFor, cardWorthy } from './cards'
import { escapeMarkdown } from './escape'
import { extract } from './extract'
import { glossaryOf } from './glossary'
import { assignIds, type PreviousAtom } from './ids'
import { prerequisiteEdges, readingOrder } from './link/prerequisites'
import { relatedAtoms } from './link/related'
import { AtomizeInputError, type Block, type SourceFormat } from './model'
import { analyze, combine, emptyAnalysis, type Analysis } from './nlp/analyze'
import { classifyAtom, type AtomType, type ClassifyInput } from './nlp/classify'
import { definitionsIn, type Definition, type DefinitionCandidate, type DefinitionJudge } from './nlp/definitions'
import { difficultyOf, difficultyOfScore, readingSeconds, type DifficultyInput } from './nlp/difficulty'
import { termKey } from './nlp/term-key'
import { displayForm, namingWords, newStats, noteUsage, selectKeyTerms, termCandidates, type KeyTermChoice, type TermSelector, type TermStats } from './nlp/terms'
import { segment, type Segment } from './segment'
import { cohesionFor } from './segment/meaning'
import { unitOf, type Unit } from './segment/units'
import { cooperative } from './yield'

export interface EngineSource {
  /** Names the source in ids and output: a document id, or a file path for the CLI. */
  key: string
  title?: string
  format: SourceFormat
  data: Uint8Array
  /** The atoms this source had before, so unchanged and lightly edited atoms keep their ids. */
  previous?: PreviousAtom[]
}

export const engineStages = ['extracting', 'analyzing', 'segmenting', 'terms', 'linking', 'cards'] as const
export type EngineStage = (typeof engineStages)[number]

export interface EngineOptions {
  minWords: number
  maxWords: number
  /** Refuse documents with more extracted text than this. */
  maxTextChars?: number
  /** Give up (with a clear error) after this long. */
  timeLimitMs?: number
  signal?: AbortSignal
  onProgress?: (stage: EngineStage, fraction: number) => void | Promise<void>
  /** Types all atoms at once (the rules with the type model, server/ml); without it the rules alone type them. */
  typeAtoms?: (inputs: ClassifyInput[]) => Promise<AtomType[]>
  /** Scores all atoms' difficulty at once, after typing (the difficulty model, server/ml); without it the text heuristic does. */
  scoreDifficulty?: (inputs: DifficultyInput[]) => Promise<number[]>
  /**
   * Chooses each document's key terms, ranked with scores, from all its candidates (the key-term model,
   * server/ml/terms); without it, or when it gives none, the rules choose (selectKeyTerms).
   */
  selectTerms?: TermSelector
  /**
   * Weighs the definitions the text's patterns find, once key terms are chosen (the definitions model,
   * server/ml/definitions); without it, or when it gives no verdict, every one found is kept.
   */
  judgeDefinitions?: DefinitionJudge
  /** Cohesion between units for splitting long sections; unless given, lexical, blended with meaning when `embedAtoms` embeds (see segment/meaning.ts). */
  cohesion?: (units: Unit[]) => number[]
  /**
   * Embeds texts as unit vectors with the version of the encoder that made them (server/ml); atoms then carry
   * their vector, related atoms weigh meaning too, and long sections are split where meaning shifts as well as words.
   */
  embedAtoms?: (texts: string[]) => Promise<{ vectors: number[][], version: string } | undefined>
}

/** An atom as the engine makes it: not yet in a document, with its embedding when an embedder was given. */
export type EngineAtom = Omit<Atom, 'documentId' | 'html'> & { embedding?: number[], embeddingVersion?: string }

export interface EngineDocument {
  key: string
  title: string
  atoms: EngineAtom[]
  /** The document's key terms, best first. */
  keyTerms: string[]
  /** The same key terms with their keys and scores (the model's probability, or the rules' score). */
  rankedTerms: { term: string, key: string, score: number }[]
  /** The same key terms with their scores (0..1), definitions and the atoms that define (or first use) them. */
  glossary: KeyTerm[]
  /** Atom ids in an order that puts prerequisites first. */
  readingOrder: string[]
}

interface Draft {
  source: number
  segment: Segment
  analysis: Analysis
  blocks: Block[]
  keys: Map<string, number>
  definitions: Definition[]
}

const defaultMaxTextChars = 20_000_000

/** Cancellation, the time limit and progress, checked between pieces of work; also gives the event loop its turns. */
function checkpoints(options: EngineOptions) {
  const deadline = options.timeLimitMs ? Date.now() + options.timeLimitMs : Infinity
  const pause = cooperative()
  return async (stage: EngineStage, fraction: number) => {
    options.signal?.throwIfAborted()
    if (Date.now() > deadline) throw new AtomizeInputError(`Atomizing took longer than the limit of ${Math.round(options.timeLimitMs! / 1000)} s.`)
    await pause()
    await options.onProgress?.(stage, Math.min(1, fraction))
  }
}

/**
 * The atomization engine: sources in, typed and linked atoms out. Several sources form one collection:
 * key terms are weighed across it and prerequisites and related atoms may cross sources.
 */
export async function atomizeCollection(sources: EngineSource[], options: EngineOptions): Promise<EngineDocument[]> {
  const checkpoint = checkpoints(options)
  const titles: string[] = []
  const unitsBySource: Unit[][] = []
  let textChars = 0
  const maxTextChars = options.maxTextChars ?? defaultMaxTextChars
  const tooMuchText = () => new AtomizeInputError(`The document has more text than the limit of ${maxTextChars} characters.`)
  for (const [index, source] of sources.entries()) {
    await checkpoint('extracting', index / sources.length)
    // Plain text is its own text: refuse an oversized one before extracting, which would hold the event
    // loop for seconds (the server's in-process worker shares it with every request).
    if (source.format === 'text' && source.data.byteLength > maxTextChars - textChars
      && textChars + new TextDecoder().decode(source.data).length > maxTextChars) throw tooMuchText()
    const extracted = await extract(source.data, source.format, {
      onPage: fraction => checkpoint('extracting', (index + fraction) / sources.length),
    })
    textChars += extracted.blocks.reduce((sum, block) => sum + block.text.length, 0)
    if (textChars > maxTextChars) throw tooMuchText()
    titles.push(source.title ?? extracted.title ?? titleFromFilename(source.key))
    const units: Unit[] = []
    const blocks = extracted.blocks.flatMap(splitOversized)
    for (const [i, block] of blocks.entries()) {
      if (i % 25 === 0) await checkpoint('analyzing', (index + i / blocks.length) / sources.length)
      units.push(unitOf(block, block.kind === 'code' ? emptyAnalysis() : analyze(block.text)))
    }
    unitsBySource.push(units)
  }
  if (unitsBySource.every(units => units.every(unit => unit.words === 0))) throw new AtomizeInputError('The document has no readable text.')

  await checkpoint('segmenting', 0)
  const segmentsBySource: Segment[][] = []
  for (const [index, units] of unitsBySource.entries()) {
    await checkpoint('segmenting', index / sources.length)
    const kept = units.filter(unit => unit.words > 0 || unit.block.kind === 'heading')
    const cohesion = options.cohesion ?? await cohesionFor(kept, options, options.embedAtoms)
    segmentsBySource.push(segment(kept, { ...options, cohesion }))
  }

  await checkpoint('terms', 0)
  const drafts: Draft[] = []
  const statsBySource: Map<string, TermStats>[] = []
  for (const [source, segments] of segmentsBySource.entries()) {
    statsBySource.push(await collectTerms(segments, unitsBySource[source]!, source, drafts, fraction => checkpoint('terms', (source + fraction) / sources.length)))
  }
  const documentFrequency = new Map<string, number>()
  for (const stats of statsBySource) for (const key of stats.keys()) documentFrequency.set(key, (documentFrequency.get(key) ?? 0) + 1)
  const keyTermsBySource: Map<string, { display: string, score: number }>[] = []
  for (const [source, stats] of statsBySource.entries()) {
    const words = unitsBySource[source]!.reduce((sum, unit) => sum + unit.words, 0)
    const limit = Math.min(150, Math.max(8, Math.round(words / 40)))
    const context = { atomCount: segmentsBySource[source]!.length, documentFrequency, documentCount: sources.length, words }
    const selected: KeyTermChoice[] = (options.selectTerms && await options.selectTerms(stats, context)) || selectKeyTerms(stats, context, limit)
    const chosen = selected.filter(choice => !choice.reserve || choice.stats.defined).sort((a, b) => b.score - a.score)
    keyTermsBySource.push(new Map(chosen.map(({ stats: term, score }) => [term.key, { display: displayForm(term), score }])))
  }

  if (options.judgeDefinitions) await judgeDrafts(drafts, statsBySource, keyTermsBySource, options.judgeDefinitions)

  await checkpoint('linking', 0)
  const { atoms, typeInputs } = buildAtoms(drafts, sources, titles, keyTermsBySource)
  if (options.typeAtoms) {
    const types = await options.typeAtoms(typeInputs)
    atoms.forEach((atom, i) => atom.type = types[i]!)
  }
  if (options.scoreDifficulty) {
    // After typing: the type is one of the model's features.
    const scores = await options.scoreDifficulty(atoms.map((atom, i): DifficultyInput => ({
      analysis: drafts[i]!.analysis, blocks: drafts[i]!.blocks, type: atom.type, keyTermCount: atom.terms.length, definitionCount: typeInputs[i]!.definitionCount,
    })))
    atoms.forEach((atom, i) => atom.difficulty = scores[i]!)
  }
  spreadDifficulty(atoms)
  if (options.embedAtoms) {
    const embedded = await options.embedAtoms(atoms.map(atomEmbeddingText))
    embedded?.vectors.forEach((vector, i) => Object.assign(atoms[i]!, { embedding: vector, embeddingVersion: embedded.version }))
  }
  await link(atoms, drafts, cooperative())

  await checkpoint('cards', 0)
  // One definition card per term and document: the glossary's meaning where the document has one, else the first the text gives.
  const glossaryKeys = sources.map((_, source) => new Set(drafts.flatMap(draft => (draft.source === source ? draft.definitions.filter(d => d.kind === 'glossary').map(d => d.key) : []))))
  const carded = sources.map(() => new Set<string>())
  for (const [i, atom] of atoms.entries()) {
    if (i % 20 === 0) await checkpoint('cards', i / atoms.length)
    const source = drafts[i]!.source
    const definitions = drafts[i]!.definitions.filter(definition => atom.definitions.some(d => d.term === definition.term)
      && (definition.kind === 'glossary' || !glossaryKeys[source]!.has(definition.key)) && !carded[source]!.has(definition.key))
    definitions.forEach(definition => carded[source]!.add(definition.key))
    atom.cards = cardsFor({
      title: atom.title, type: atom.type, text: atom.text, sentences: drafts[i]!.analysis.sentences,
      definitions,
      terms: atom.terms.map(term => term.term),
      steps: drafts[i]!.blocks.filter(block => block.kind === 'list' && block.ordered).flatMap(block => block.items),
    }) satisfies Card[]
  }
  await checkpoint('cards', 1)

  return sources.map((source, index) => {
    const own = atoms.filter((_, i) => drafts[i]!.source === index)
    const positions = new Map(own.map((atom, i) => [atom.id, i]))
    const order = readingOrder(own.map(atom => atom.prerequisites.flatMap(id => positions.get(id) ?? [])))
    const rankedTerms = [...keyTermsBySource[index]!].map(([key, term]) => ({ term: term.display, key, score: term.score }))
    // A document's own glossary says what its terms mean, before any sentence of its text.
    const glossaryMeanings = new Map(drafts.flatMap(draft => (draft.source === index ? draft.definitions.filter(d => d.kind === 'glossary').map(d => [d.key, d.meaning] as const) : [])))
    return {
      key: source.key, title: titles[index]!, atoms: own, keyTerms: rankedTerms.map(term => term.term), rankedTerms,
      glossary: glossaryOf(own, rankedTerms.map(term => ({ ...term, definition: glossaryMeanings.get(term.key) }))), readingOrder: order.map(i => own[i]!.id),
    }
  })
}

/** The spread of difficulty within a collection that a teacher expects: some atoms easy, some hard. */
const difficultySpread = 0.15

/**
 * Widens the atoms' difficulty around the collection's mean to a standard deviation of `difficultySpread`
 * (never narrows it): models and the heuristic regress towards the middle, which left every atom of a
 * chapter "medium". The order of the atoms and the collection's mean stay; labels follow the new scores.
 */
export function spreadDifficulty(atoms: { difficulty: number, difficultyLabel: string }[]) {
  const scores = atoms.map(atom => atom.difficulty)
  const mean = scores.reduce((sum, score) => sum + score, 0) / Math.max(1, scores.length)
  const sd = Math.sqrt(scores.reduce((sum, score) => sum + (score - mean) ** 2, 0) / Math.max(1, scores.length))
  const stretch = atoms.length >= 4 && sd > 1e-6 ? Math.min(4, Math.max(1, difficultySpread / sd)) : 1
  atoms.forEach((atom) => {
    const difficulty = difficultyOfScore(mean + (atom.difficulty - mean) * stretch)
    atom.difficulty = difficulty.score
    atom.difficultyLabel = difficulty.label
  })
}

/** Text longer than this in one block (a file that is one enormous line) is analysed a piece at a time. */
const maxBlockChars = 20_000

/** Cuts an enormous paragraph at whitespace into paragraphs of at most `maxBlockChars`. */
function splitOversized(block: Block): Block[] {
  if (block.text.length <= maxBlockChars || block.kind !== 'paragraph') return [block]
  const pieces: Block[] = []
  for (let from = 0; from < block.text.length;) {
    let to = Math.min(block.text.length, from + maxBlockChars)
    if (to < block.text.length) {
      const space = block.text.lastIndexOf(' ', to)
      if (space > from) to = space
    }
    const text = block.text.slice(from, to).trim()
    if (text) pieces.push({ ...block, text, markdown: escapeMarkdown(text), emphasis: [], glossary: [], start: block.start + from, end: block.start + to })
    from = to
  }
  return pieces
}

/** Counts candidate terms per atom and marks those the source emphasises, defines or puts in headings. */
async function collectTerms(segments: Segment[], units: Unit[], source: number, drafts: Draft[], checkpoint: (fraction: number) => Promise<void>): Promise<Map<string, TermStats>> {
  const stats = new Map<string, TermStats>()
  const totalWords = Math.max(1, units.reduce((sum, unit) => sum + unit.words, 0))
  let position = 0
  const statsFor = (key: string) => {
    let entry = stats.get(key)
    if (!entry) stats.set(key, entry = newStats(key, position / totalWords))
    return entry
  }
  for (const unit of units) {
    if (unit.block.kind !== 'heading') continue
    const headingKey = termKey(unit.block.text)
    for (const sentence of unit.analysis.sentences) for (const { key, surface } of termCandidates(sentence)) {
      const entry = statsFor(key)
      entry.inHeading = true
      entry.usage.headings++
      if (key === headingKey) entry.usage.wholeHeadings++
      entry.surfaces.set(surface, (entry.surfaces.get(surface) ?? 0) + 1)
    }
  }
  for (const [index, segmentOfSource] of segments.entries()) {
    if (index % 20 === 0) await checkpoint(index / segments.length)
    const atomIndex = drafts.length
    const keys = new Map<string, number>()
    const analysis = combine(segmentOfSource.units.map(unit => unit.analysis))
    const definitions: Definition[] = []
    const sentenceCount = Math.max(1, analysis.sentences.length)
    analysis.sentences.forEach((sentence, i) => {
      const naming = namingWords.test(sentence.text)
      for (const occurrence of termCandidates(sentence)) {
        const { key, surface } = occurrence
        const entry = statsFor(key)
        entry.count++
        if (!entry.atoms.has(atomIndex) && entry.atoms.size === 0) entry.usage.firstInAtom = i / sentenceCount
        entry.atoms.add(atomIndex)
        entry.surfaces.set(surface, (entry.surfaces.get(surface) ?? 0) + 1)
        noteUsage(entry, sentence, occurrence, naming)
        keys.set(key, (keys.get(key) ?? 0) + 1)
      }
      definitions.push(...definitionsIn(sentence, analysis.sentences[i - 1]).map(definition => ({ ...definition, sentence: i })))
    })
    for (const unit of segmentOfSource.units) {
      for (const phrase of unit.block.emphasis) {
        const key = termKey(phrase)
        if (key.length < 2 || phrase.split(/\s+/).length > 6) continue
        const entry = statsFor(key)
        entry.emphasized = true
        entry.usage.emphasis++
        entry.atoms.add(atomIndex)
        entry.surfaces.set(phrase, (entry.surfaces.get(phrase) ?? 0) + 1)
        keys.set(key, Math.max(1, keys.get(key) ?? 0))
      }
      for (const entry of unit.block.glossary) definitions.push({ term: entry.term, key: termKey(entry.term), meaning: entry.meaning, kind: 'glossary' })
    }
    for (const definition of definitions) {
      const entry = statsFor(definition.key)
      entry.defined = true
      if (definition.kind === 'glossary') entry.usage.glossary++
      else entry.usage.definitions++
      entry.atoms.add(atomIndex)
      if (entry.surfaces.size === 0) entry.surfaces.set(definition.term, 1)
      keys.set(definition.key, Math.max(1, keys.get(definition.key) ?? 0))
    }
    position += segmentOfSource.words
    drafts.push({ source, segment: segmentOfSource, analysis, blocks: segmentOfSource.units.map(unit => unit.block), keys, definitions })
  }
  return stats
}

/** Drops the definitions the judge rejects from each draft; glossary entries are the document's own and stay. */
async function judgeDrafts(drafts: Draft[], statsBySource: Map<string, TermStats>[], keyTermsBySource: Map<string, { score: number }>[], judge: DefinitionJudge) {
  const candidates: DefinitionCandidate[] = []
  const places: { draft: Draft, definition: Definition, place: string }[] = []
  const seen = new Map<string, number>()
  for (const draft of drafts) {
    for (const definition of draft.definitions) {
      if (definition.kind === 'glossary') continue
      const place = `${draft.source}\n${definition.key}`
      const rank = seen.get(place) ?? 0
      seen.set(place, rank + 1)
      candidates.push({
        definition, sentence: draft.analysis.sentences[definition.sentence ?? 0]?.text ?? '', sentenceCount: draft.analysis.sentences.length,
        stats: statsBySource[draft.source]!.get(definition.key), keyTermScore: keyTermsBySource[draft.source]!.get(definition.key)?.score, rank, rivals: 0,
      })
      places.push({ draft, definition, place })
    }
  }
  candidates.forEach((candidate, i) => candidate.rivals = seen.get(places[i]!.place)!)
  const verdicts = candidates.length > 0 ? await judge(candidates) : undefined
  if (!verdicts) return
  const dropped = new Set(places.filter((_, i) => !verdicts[i]).map(place => place.definition))
  for (const draft of drafts) draft.definitions = draft.definitions.filter(definition => !dropped.has(definition))
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1)

/**
 * An atom's title: its heading, or, for one of several parts under a heading, the heading and the key term
 * the part is most about (a term it defines first); without a heading, its main key terms. Titles are unique
 * within a document (`used`), and never name a figure or table label.
 */
function titleOf(segmentOfSource: Segment, terms: string[], documentTitle: string, first: boolean, used: Set<string>): string {
  const heading = segmentOfSource.trail.at(-1)
  const focus = terms.filter(term => cardWorthy(term, true) && !heading?.toLowerCase().includes(term.toLowerCase()))
  const candidates: string[] = []
  if (!heading) {
    if (first) candidates.push(documentTitle)
    candidates.push(...focus.slice(0, 2).map((term, i) => capitalise(i === 0 && focus[1] ? `${term} and ${focus[1]}` : term)), ...focus.map(capitalise))
    if (candidates.length === 0) candidates.push('Untitled')
  }
  else {
    if (segmentOfSource.parts === 1) candidates.push(heading)
    candidates.push(...focus.map(term => `${heading}: ${term}`))
    if (segmentOfSource.parts > 1) candidates.push(`${heading} (${segmentOfSource.part}/${segmentOfSource.parts})`)
    else candidates.push(heading)
  }
  let title = candidates.find(candidate => !used.has(candidate.toLowerCase())) ?? candidates[0]!
  for (let n = 2; used.has(title.toLowerCase()); n++) title = `${candidates[0]!} (${n})`
  used.add(title.toLowerCase())
  return title
}

function buildAtoms(drafts: Draft[], sources: EngineSource[], titles: string[], keyTermsBySource: Map<string, { display: string, score: number }>[]): { atoms: EngineAtom[], typeInputs: ClassifyInput[] } {
  const typeInputs: ClassifyInput[] = []
  const usedTitles = sources.map(() => new Set<string>())
  const atoms: EngineAtom[] = drafts.map((draft, index) => {
    const keyTerms = keyTermsBySource[draft.source]!
    const seen = new Set<string>()
    const definitions = draft.definitions.filter(definition => (keyTerms.has(definition.key) || definition.kind === 'glossary')
      && !seen.has(definition.key) && seen.add(definition.key))
    const defines = new Set(definitions.map(definition => definition.key))
    const terms = [...draft.keys]
      .filter(([key]) => keyTerms.has(key))
      .sort((a, b) => Number(defines.has(b[0])) - Number(defines.has(a[0])) || b[1] * keyTerms.get(b[0])!.score - a[1] * keyTerms.get(a[0])!.score)
      .slice(0, 12)
      .map(([key]) => ({ term: keyTerms.get(key)!.display, key }))
    const first = index === 0 || drafts[index - 1]!.source !== draft.source
    const title = titleOf(draft.segment, terms.map(term => term.term), titles[draft.source]!, first, usedTitles[draft.source]!)
    const text = draft.blocks.map(block => block.text).join('\n\n')
    const difficulty = difficultyOf(draft.analysis, terms.length)
    const slowBlocks = draft.blocks.filter(block => ['table', 'code', 'figure', 'math'].includes(block.kind)).length
    const pages = draft.blocks.map(block => block.page).filter((page): page is number => page !== undefined)
    const typeInput = { title, trail: draft.segment.trail, blocks: draft.blocks, analysis: draft.analysis, definesKeyTerm: definitions.length > 0, definitionCount: definitions.length }
    typeInputs.push(typeInput)
    return {
      id: '',
      order: 0,
      title,
      type: classifyAtom(typeInput),
      body: draft.blocks.map(block => block.markdown).join('\n\n'),
      text,
      headingTrail: draft.segment.trail,
      wordCount: draft.segment.words,
      readingTimeSec: readingSeconds(draft.segment.words, slowBlocks),
      difficulty: difficulty.score,
      difficultyLabel: difficulty.label,
      terms,
      definitions: definitions.map(({ term, meaning }) => ({ term, meaning })),
      prerequisites: [],
      related: [],
      cards: [],
      source: { start: draft.blocks[0]!.start, end: draft.blocks.at(-1)!.end, ...(pages.length > 0 && { page: pages[0] }) },
    }
  })
  sources.forEach((source, sourceIndex) => {
    const own = atoms.filter((_, i) => drafts[i]!.source === sourceIndex)
    const ids = assignIds(source.key, own.map(atom => atom.body), source.previous)
    own.forEach((atom, order) => {
      atom.id = ids[order]!
      atom.order = order
    })
  })
  return { atoms, typeInputs }
}

/** Headings of parts a learner reads around the teaching: they open, sum up or test it, and teach nothing new to build on. */
const frameHeading = /^(?:introduction|overview|preface|summary|chapter (?:summary|review)|section summary|review(?: questions)?|key (?:terms|concepts|takeaways)|glossary|questions?|exercises?|practice|self-check|conclusion|further reading|references)\b/i

/** Whether later atoms may build on this one: not an introduction, a summary, a glossary or review questions. */
function foundational(atom: EngineAtom): boolean {
  if (atom.type === 'summary' || atom.type === 'exercise') return false
  return !atom.headingTrail.slice(1).some(heading => frameHeading.test(heading)) && !(atom.headingTrail.length <= 1 && frameHeading.test(atom.title))
}

/** Prerequisites, related atoms and each term's defining atom, across the whole collection. */
async function link(atoms: EngineAtom[], drafts: Draft[], pause: () => Promise<void>) {
  const linkable = atoms.map(atom => ({
    uses: atom.terms.map(term => term.key),
    defines: atom.definitions.map(definition => termKey(definition.term)),
    foundational: foundational(atom),
  }))
  const definer = new Map<string, string>()
  linkable.forEach((atom, i) => atom.defines.forEach(key => definer.has(key) || definer.set(key, atoms[i]!.id)))
  prerequisiteEdges(linkable).forEach((edges, i) => {
    atoms[i]!.prerequisites = edges.map(target => atoms[target]!.id)
  })
  const termCounts = drafts.map((draft, i) => new Map([...draft.keys].filter(([key]) => atoms[i]!.terms.some(term => term.key === key))))
  const related = await relatedAtoms(termCounts, { pause, vectors: atoms.map(atom => atom.embedding) })
  related.forEach((links, i) => {
    atoms[i]!.related = links.map(link => ({ id: atoms[link.index]!.id, score: link.score }))
  })
  for (const atom of atoms) {
    atom.terms = atom.terms.map(term => ({ ...term, ...(definer.has(term.key) && { definedBy: definer.get(term.key) }) }))
  }
}
