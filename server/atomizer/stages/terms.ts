import { combine } from '../nlp/analyze'
import { definitionsIn, type Definition } from '../nlp/definitions'
import { termKey } from '../nlp/term-key'
import { displayForm, namingWords, newStats, noteUsage, selectKeyTerms, termCandidates, type KeyTermChoice, type TermStats } from '../nlp/terms'
import type { Segment } from '../segment'
import type { Unit } from '../segment/units'
import type { Draft, PipelineRun, StageProgress } from './state'

/**
 * Drafts every atom with the term candidates and definitions its sentences hold, then chooses each source's
 * key terms across the collection: by the `selectTerms` hook (the key-term model) or, without a choice from
 * it, by the rules.
 */
export async function chooseKeyTerms(run: PipelineRun, progress: StageProgress) {
  const { sources, options } = run
  for (const [source, segments] of run.segments.entries()) {
    run.termStats.push(await collectTerms(segments, run.units[source]!, source, run.drafts, fraction => progress((source + fraction) / sources.length)))
  }
  const documentFrequency = new Map<string, number>()
  for (const stats of run.termStats) for (const key of stats.keys()) documentFrequency.set(key, (documentFrequency.get(key) ?? 0) + 1)
  for (const [source, stats] of run.termStats.entries()) {
    const words = run.units[source]!.reduce((sum, unit) => sum + unit.words, 0)
    const limit = Math.min(150, Math.max(8, Math.round(words / 40)))
    const context = { atomCount: run.segments[source]!.length, documentFrequency, documentCount: sources.length, words }
    const selected: KeyTermChoice[] = (options.selectTerms && await options.selectTerms(stats, context)) || selectKeyTerms(stats, context, limit)
    const chosen = selected.filter(choice => !choice.reserve || choice.stats.defined).sort((a, b) => b.score - a.score)
    run.keyTerms.push(new Map(chosen.map(({ stats: term, score }) => [term.key, { display: displayForm(term), score }])))
  }
}

/** Counts candidate terms per atom and marks those the source emphasises, defines or puts in headings. */
export async function collectTerms(segments: Segment[], units: Unit[], source: number, drafts: Draft[], progress: StageProgress): Promise<Map<string, TermStats>> {
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
    if (index % 20 === 0) await progress(index / segments.length)
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
        if (entry.usage.firstAt === '') entry.usage.firstAt = `${atomIndex}:${i}`
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
      if (definition.sentence !== undefined && entry.usage.firstAt === `${atomIndex}:${definition.sentence}`) entry.usage.definedAtFirst = 1
      entry.atoms.add(atomIndex)
      if (entry.surfaces.size === 0) entry.surfaces.set(definition.term, 1)
      keys.set(definition.key, Math.max(1, keys.get(definition.key) ?? 0))
    }
    position += segmentOfSource.words
    drafts.push({ source, segment: segmentOfSource, analysis, blocks: segmentOfSource.units.map(unit => unit.block), keys, definitions })
  }
  return stats
}
