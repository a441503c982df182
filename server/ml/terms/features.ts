import { genericAdjectives, genericNouns } from '../../atomizer/nlp/generic-words'
import { singular } from '../../atomizer/nlp/term-key'
import { scoreTerm, type ScoreContext, type TermStats } from '../../atomizer/nlp/terms'

/** Bumped whenever a feature changes meaning or order: a model trained on other features is refused. */
export const termFeatureVersion = 4

/**
 * How common each word is in everyday English: words by their frequency in SUBTLEX-US (film subtitles),
 * most frequent first. A word's rarity is the logarithm of its rank, scaled to 0..1; words not listed are
 * rarer than all (1.2).
 */
export class Lexicon {
  private readonly ranks = new Map<string, number>()
  private readonly scale: number

  constructor(readonly words: string[]) {
    words.forEach((word, rank) => this.ranks.has(word) || this.ranks.set(word, rank + 1))
    this.scale = Math.log(words.length + 1)
  }

  get size() {
    return this.ranks.size
  }

  /** 0 for the most common word, 1 for the least common listed, 1.2 for a word not listed. */
  rarity(word: string): number {
    const lower = word.toLowerCase()
    const rank = this.ranks.get(lower) ?? this.ranks.get(singular(lower))
    return rank === undefined ? 1.2 : Math.log(rank) / this.scale
  }
}

/** Labels of figures, tables and the like: never key terms, whatever their statistics say. */
const labelWords = new Set(['figure', 'fig', 'table', 'equation', 'eq', 'chapter', 'section', 'unit', 'box', 'exhibit', 'appendix', 'example', 'exercise', 'part', 'step', 'page', 'module', 'lesson', 'question', 'answer', 'solution', 'problem'])

/** For each key: how often it occurs inside longer candidates, and inside how many distinct ones. */
export interface Containment {
  inside: Map<string, number>
  containers: Map<string, number>
  /** Whether the document marks anything: emphasis, a glossary. Without them the words alone must tell. */
  emphasis: boolean
  glossary: boolean
}

export function containment(all: Map<string, TermStats>): Containment {
  const inside = new Map<string, number>()
  const containers = new Map<string, number>()
  let emphasis = false
  let glossary = false
  for (const stats of all.values()) {
    emphasis ||= stats.emphasized
    glossary ||= stats.usage.glossary > 0
    if (stats.words < 2) continue
    const words = stats.key.split(' ')
    const seen = new Set<string>()
    for (let start = 0; start < words.length; start++) {
      for (let end = start + 1; end <= words.length; end++) {
        if (end - start === words.length) continue
        // Sub-phrases end in their own last word, which the key keeps singular only at the end of the whole phrase.
        const sub = [...words.slice(start, end - 1), singular(words[end - 1]!)].join(' ')
        if (seen.has(sub)) continue
        seen.add(sub)
        inside.set(sub, (inside.get(sub) ?? 0) + stats.count)
        containers.set(sub, (containers.get(sub) ?? 0) + 1)
      }
    }
  }
  return { inside, containers, emphasis, glossary }
}

/** Whether a document marks words (emphasis, a glossary): then its marks tell key terms apart, and the model is surer. */
export function documentMarks(all: Map<string, TermStats>): boolean {
  for (const stats of all.values()) if (stats.emphasized || stats.usage.glossary > 0) return true
  return false
}

const share = (part: number, whole: number) => Math.min(1, part / Math.max(1, whole))

/** The features of one candidate term: its statistics, how and where the text uses it, its words' rarity and parts of speech. */
export function termFeatures(stats: TermStats, all: Map<string, TermStats>, context: ScoreContext, lexicon: Lexicon, contained: Containment): number[] {
  const usage = stats.usage
  const count = Math.max(stats.count, 1)
  const words = stats.key.split(' ')
  const head = words.at(-1)!
  const rarities = words.map(word => lexicon.rarity(word))
  const tags = usage.tags ? usage.tags.split(' ') : []
  const surface = [...stats.surfaces.keys()][0] ?? stats.key
  const documentWords = Math.max(1, context.words ?? 1)
  const documents = context.documentCount ?? 1
  const df = context.documentFrequency?.get(stats.key) ?? 1
  const headAlone = stats.words > 1 ? all.get(head)?.count ?? 0 : 0
  return [
    Math.log1p(stats.count),
    Math.log1p(stats.count / documentWords * 1000),
    stats.atoms.size / Math.max(1, context.atomCount),
    Math.log1p(stats.atoms.size),
    stats.firstPosition,
    stats.words === 1 ? 1 : 0,
    stats.words === 2 ? 1 : 0,
    stats.words === 3 ? 1 : 0,
    stats.words >= 4 ? 1 : 0,
    stats.inHeading ? 1 : 0,
    Math.log1p(usage.headings),
    stats.emphasized ? 1 : 0,
    share(usage.emphasis, count),
    Math.min(1, usage.definitions),
    usage.glossary > 0 ? 1 : 0,
    share(usage.naming, count),
    usage.naming > 0 ? 1 : 0,
    share(usage.capitalized, count),
    /^[\p{Lu}\d-]{2,}s?$/u.test(surface) ? 1 : 0,
    share(usage.sentenceStart, count),
    share(usage.parenthesized, count),
    share(usage.beforeNumber, count),
    labelWords.has(words[0]!) || labelWords.has(head) ? 1 : 0,
    genericNouns.has(head) ? 1 : 0,
    stats.words === 1 && genericNouns.has(head) ? 1 : 0,
    genericAdjectives.has(words[0]!) ? 1 : 0,
    lexicon.rarity(head),
    Math.min(...rarities),
    Math.max(...rarities),
    rarities.filter(rarity => rarity > 1).length / rarities.length,
    Math.min(3, (contained.inside.get(stats.key) ?? 0) / count),
    Math.log1p(contained.containers.get(stats.key) ?? 0),
    stats.words > 1 ? Math.log1p(headAlone / count) : 0,
    tags.length === 0 ? 0 : tags.filter(tag => tag === 'PROPN').length / tags.length,
    tags[0] === 'ADJ' ? 1 : 0,
    tags.at(-1) === 'PROPN' ? 1 : 0,
    tags.length === 0 ? 1 : 0,
    Math.log(stats.key.length),
    stats.key.includes('-') ? 1 : 0,
    documents > 1 ? (df - 1) / (documents - 1) : 0,
    Math.log1p(scoreTerm(stats, context)),
    usage.firstInAtom,
    stats.count >= 2 ? 1 : 0,
    Math.log1p(stats.surfaces.size),
    Math.log10(documentWords) / 5,
    share(usage.namedAfter, count),
    share(usage.subject, count),
    contained.emphasis ? 1 : 0,
    contained.glossary ? 1 : 0,
    usage.wholeHeadings > 0 ? 1 : 0,
    usage.definedAtFirst,
  ]
}

export const termFeatureSize = 51

/** Candidates worth scoring: at least two letters of key, at most six words. */
export const isCandidate = (stats: TermStats) => stats.key.length > 2 && stats.words <= 6
