import { tokenText, type Sentence } from './analyze'
import { genericAdjectives, genericNouns } from './generic-words'
import { termKey } from './term-key'

const phraseTags = new Set(['NOUN', 'PROPN', 'ADJ'])
const headTags = new Set(['NOUN', 'PROPN'])
const maxTermWords = 4

export interface TermOccurrence {
  key: string
  surface: string
  /** Token range [start, end) in the sentence. */
  start: number
  end: number
}

const isTermWord = (value: string) => /^\p{L}[\p{L}'’-]*\p{L}$/u.test(value) && value.length <= 40
/** A capital letter that names a kind inside a term ("B cell", "population I"). */
const isLetterName = (value: string) => /^\p{Lu}$/u.test(value)
/** Ordinals count as stop words to the tagger, but name laws, amendments and the like ("Newton's first law"). */
const ordinals = new Set(['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'])
const isPhraseWord = (token: Sentence['tokens'][number]) => phraseTags.has(token.pos)
  && ((!token.stop && (isTermWord(token.value) || isLetterName(token.value))) || ordinals.has(token.value.toLowerCase()))

interface Run {
  /** Token range [start, end) of the phrase, trimmed to end in a noun. */
  start: number
  end: number
}

/** Runs of adjectives and nouns, each trimmed to end in a noun. */
function phraseRuns(sentence: Sentence): Run[] {
  const runs: Run[] = []
  const tokens = sentence.tokens
  let start = -1
  const close = (end: number) => {
    while (end > start && !headTags.has(tokens[end - 1]!.pos)) end--
    if (end > start) runs.push({ start, end })
    start = -1
  }
  tokens.forEach((token, i) => {
    const inPhrase = isPhraseWord(token)
    if (inPhrase && start < 0) start = i
    else if (!inPhrase && start >= 0) close(i)
  })
  if (start >= 0) close(tokens.length)
  return runs
}

const surfaceOf = (sentence: Sentence, start: number, end: number) => tokenText(sentence.tokens.slice(start, end))

/**
 * Noun phrases of a sentence (adjectives and nouns ending in a noun), each with its head noun alone and, for
 * longer phrases, their last two words; and phrases joined by "of" or a possessive ("law of supply",
 * "Newton's first law"): the candidates for key terms.
 */
export function termCandidates(sentence: Sentence): TermOccurrence[] {
  const found: TermOccurrence[] = []
  const tokens = sentence.tokens
  const add = (start: number, end: number) => {
    const surface = surfaceOf(sentence, start, end)
    found.push({ key: termKey(surface), surface, start, end })
  }
  const runs = phraseRuns(sentence)
  for (const run of runs) {
    let start = run.start
    // A capitalised ordinal is part of a name ("First Amendment"), not a generic "first".
    const generic = (value: string) => genericAdjectives.has(value.toLowerCase()) && !(ordinals.has(value.toLowerCase()) && /^\p{Lu}/u.test(value) && run.end - start > 1)
    while (start < run.end && (generic(tokens[start]!.value) || run.end - start > maxTermWords)) start++
    if (start === run.end) continue
    add(start, run.end)
    if (run.end - start > 1 && tokens[run.end - 1]!.pos === 'NOUN') add(run.end - 1, run.end)
    if (run.end - start > 2) add(run.end - 2, run.end)
  }
  runs.forEach((first, i) => {
    const second = runs[i + 1]
    if (!second || second.end - first.start > maxTermWords + 2) return
    const between = tokens.slice(first.end, second.start).map(token => token.value.toLowerCase())
    const ofPhrase = between.length === 1 && between[0] === 'of'
    const possessive = between.length === 1 && /^['’]s$/.test(between[0]!) && /^\p{Lu}/u.test(tokens[first.start]!.value)
    const joined = ofPhrase || possessive
    if (joined) add(first.start, second.end)
  })
  return found.filter(occurrence => occurrence.key.length > 2)
}

export interface TermStats {
  key: string
  surfaces: Map<string, number>
  count: number
  /** Indexes of the atoms it occurs in. */
  atoms: Set<number>
  /** Where it first occurs, as a fraction of the document. */
  firstPosition: number
  inHeading: boolean
  emphasized: boolean
  defined: boolean
  words: number
  /** How the text uses it, for the key-term model (server/ml/terms): occurrences… */
  usage: TermUsage
}

export interface TermUsage {
  /** …capitalised inside a sentence (names), at a sentence's start, inside parentheses, before a number ("Figure 3"). */
  capitalized: number
  sentenceStart: number
  parenthesized: number
  beforeNumber: number
  /** …in sentences that name or define something ("is called", "refers to"). */
  naming: number
  /** …right after "called", "termed", "known as", "referred to as"; right before "is", "are", "refers", "means" (a definition's subject). */
  namedAfter: number
  subject: number
  /** …in a defining sentence's subject or the term it names (the definition patterns), in a glossary entry, emphasised. */
  definitions: number
  glossary: number
  emphasis: number
  headings: number
  /** …as a whole heading ("Intuition", "Thought Experiments"). */
  wholeHeadings: number
  /** Parts of speech of its first occurrence ("ADJ NOUN"). */
  tags: string
  /** Share of its first atom's sentences before its first occurrence there. */
  firstInAtom: number
  /** Where it first occurs ("atom:sentence"), and whether a definition pattern defines it right there (a book bolds a term where it defines it). */
  firstAt: string
  definedAtFirst: number
}

export function newStats(key: string, position: number): TermStats {
  return {
    key, surfaces: new Map(), count: 0, atoms: new Set(), firstPosition: position, inHeading: false, emphasized: false, defined: false, words: key.split(' ').length,
    usage: { capitalized: 0, sentenceStart: 0, parenthesized: 0, beforeNumber: 0, naming: 0, namedAfter: 0, subject: 0, definitions: 0, glossary: 0, emphasis: 0, headings: 0, wholeHeadings: 0, tags: '', firstInAtom: 1, firstAt: '', definedAtFirst: 0 },
  }
}

/** Words that mark a sentence naming or defining something. */
export const namingWords = /\b(?:called|known as|termed|refers? to|referred to|defined as|definition|means|denotes|is the term)\b/i

/** Notes how one occurrence is used: its case and place in the sentence, what surrounds it, its parts of speech. */
export function noteUsage(stats: TermStats, sentence: Sentence, occurrence: TermOccurrence, naming: boolean) {
  const usage = stats.usage
  const tokens = sentence.tokens
  const first = tokens[occurrence.start]!
  if (occurrence.start === 0 || (occurrence.start === 1 && tokens[0]!.type === 'punctuation')) usage.sentenceStart++
  else if (/^\p{Lu}/u.test(first.value)) usage.capitalized++
  if (tokens[occurrence.start - 1]?.value === '(' && tokens[occurrence.end]?.value === ')') usage.parenthesized++
  if (tokens[occurrence.end]?.type === 'number') usage.beforeNumber++
  if (naming) usage.naming++
  const before = tokens[occurrence.start - 1]?.value.toLowerCase()
  const beforeThat = tokens[occurrence.start - 2]?.value.toLowerCase()
  if (before === 'called' || before === 'termed' || before === 'named' || (before === 'as' && (beforeThat === 'known' || beforeThat === 'to'))
    || ((before === 'a' || before === 'an' || before === 'the') && /^(?:called|termed|named|as)$/.test(beforeThat ?? ''))) usage.namedAfter++
  if (/^(?:is|are|was|were|refers?|means|describes)$/i.test(tokens[occurrence.end]?.value ?? '')) usage.subject++
  if (usage.tags === '') usage.tags = tokens.slice(occurrence.start, occurrence.end).map(token => token.pos).join(' ')
}

/** How a term is shown: its most frequent form, in lower case unless every occurrence is capitalised (a name). */
export function displayForm(stats: TermStats): string {
  const [surface] = [...stats.surfaces].sort((a, b) => b[1] - a[1])[0] ?? [stats.key]
  const name = [...stats.surfaces.keys()].every(form => form.split(' ').every(word => /^\p{Lu}/u.test(word)))
  return name ? surface : surface.toLowerCase()
}

export interface ScoreContext {
  atomCount: number
  /** Words of the document. */
  words?: number
  /** Across a collection of several documents: in how many documents each key occurs. */
  documentFrequency?: Map<string, number>
  documentCount?: number
}

/** Statistics (frequency, spread, position, length) plus what the source marks as important (emphasis, definitions, headings). */
export function scoreTerm(stats: TermStats, context: ScoreContext): number {
  const single = stats.words === 1
  const lengthWeight = single ? 1 : stats.words === 2 ? 1.7 : 1.9
  const spread = stats.atoms.size / Math.max(1, context.atomCount)
  const statistical = Math.log2(1 + stats.count) * lengthWeight * (1 + spread) * (1 - 0.3 * stats.firstPosition)
  const generic = single && genericNouns.has(stats.key) ? 0.1 : 1
  const marked = (stats.emphasized ? 2.5 : 0) + (stats.defined ? 3 : 0) + (stats.inHeading ? 1.5 : 0)
  const documents = context.documentCount ?? 1
  const df = context.documentFrequency?.get(stats.key) ?? 1
  const distinctiveness = documents > 1 ? 0.6 + 0.4 * (1 - (df - 1) / (documents - 1)) : 1
  return (statistical * generic + marked * (single && genericNouns.has(stats.key) ? 0.3 : 1)) * distinctiveness
}

export interface KeyTermChoice {
  stats: TermStats
  score: number
  /** Just below the cut: a key term only if the document defines it (a term with a found meaning is one a learner must know). */
  reserve?: boolean
}

/** Chooses a document's key terms, best first, from all its candidates; undefined leaves the choice to the rules. */
export type TermSelector = (all: Map<string, TermStats>, context: ScoreContext) => Promise<KeyTermChoice[] | undefined>

/**
 * The document's key terms: the best-scoring candidates seen often enough (or marked by the source),
 * without single words that mostly occur inside a chosen longer term.
 */
export function selectKeyTerms(all: Map<string, TermStats>, context: ScoreContext, limit: number): KeyTermChoice[] {
  const scored = [...all.values()]
    .filter(stats => stats.count >= 2 || stats.emphasized || stats.defined || stats.inHeading)
    .map(stats => ({ stats, score: scoreTerm(stats, context) }))
    .sort((a, b) => b.score - a.score)
  const chosen: KeyTermChoice[] = []
  for (const candidate of scored) {
    if (chosen.length >= limit) break
    if (candidate.stats.words === 1 && !candidate.stats.defined && !candidate.stats.emphasized) {
      const inside = chosen.filter(term => term.stats.words > 1 && term.stats.key.endsWith(` ${candidate.stats.key}`))
        .reduce((sum, term) => sum + term.stats.count, 0)
      if (inside >= candidate.stats.count * 0.6) continue
    }
    chosen.push(candidate)
  }
  return chosen
}

/**
 * The document's key terms ranked, best first, each scored 0..1: here its statistical score relative to the
 * best term's (so the order within an atom is the statistical one). The one place that ranks key terms: a
 * trained scorer may take its place, giving scores of its own in 0..1.
 */
export function rankKeyTerms(all: Map<string, TermStats>, context: ScoreContext, limit: number): { stats: TermStats, score: number }[] {
  const chosen = selectKeyTerms(all, context, limit)
  const best = chosen[0]?.score ?? 0
  return chosen.map(({ stats, score }) => ({ stats, score: best > 0 ? Math.max(0, score) / best : 0 }))
}
