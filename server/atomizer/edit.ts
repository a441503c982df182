import type { Atom, AtomTerm } from '../../shared/schemas/atom'
import { cardsFor } from './cards'
import { readMarkdown } from './extract/markdown'
import type { Block } from './model'
import { analyze, combine, emptyAnalysis, type Analysis } from './nlp/analyze'
import { definitionsIn, type Definition } from './nlp/definitions'
import { difficultyOf, readingSeconds } from './nlp/difficulty'
import { termKey } from './nlp/term-key'
import { renderMarkdown } from './render'
import { unitOf, type Unit } from './segment/units'
import { splitOffId as splitOffIdOf } from './ids'
import { leadingWords } from './words'

/** An edit that breaks a rule of atoms (a split off a paragraph boundary, a merge of atoms far apart); `field` names the input at fault. */
export class AtomEditError extends Error {
  constructor(readonly field: string, message: string) {
    super(message)
    this.name = 'AtomEditError'
  }
}

/** What an author changes in an atom; everything derived from them is computed again. */
export interface AtomChanges {
  title?: string
  type?: Atom['type']
  body?: string
  /** Replaces the atom's key terms. */
  terms?: string[]
  /** Definitions an author gives (`meaning`) or strikes (null) for these terms; the atom's others stay. */
  definitions?: { term: string, meaning: string | null }[]
  /**
   * The body holds the atom's own words, rearranged (a split or a merge): its definitions are those it had that
   * the words still give, and none is looked for anew (the definitions model judged the document's once).
   */
  sameWords?: boolean
}

const fence = /^ {0,3}(?:```|~~~)/gm
const codeSpan = /(`+)[\s\S]*?\1/g
const scriptLike = /<(script|style|iframe|object|embed|template|noscript)\b[\s\S]*?(?:<\/\1\s*>|$)/gi
const htmlTag = /<\/?[A-Za-z][\w:-]*(?:\s[^<>]*)?\/?>|<!--[\s\S]*?(?:-->|$)/g

/** Markdown without raw HTML, outside code: the blocks the engine keeps, with inline tags (and script or style content) removed. */
export function sanitizeMarkdown(markdown: string): string {
  return readMarkdown(markdown).blocks
    .map(block => (block.kind === 'code' ? block.markdown : stripInlineHtml(block.markdown)).trim())
    .filter(Boolean)
    .join('\n\n')
}

function stripInlineHtml(markdown: string): string {
  let result = ''
  let from = 0
  for (const match of markdown.matchAll(codeSpan)) {
    result += stripTags(markdown.slice(from, match.index)) + match[0]
    from = match.index + match[0].length
  }
  return result + stripTags(markdown.slice(from))
}

const stripTags = (text: string) => text.replace(scriptLike, '').replace(htmlTag, '')

const normalise = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim()

export interface BodyAnalysis {
  blocks: Block[]
  analysis: Analysis
  text: string
  words: number
  definitions: Definition[]
}

/** An atom's Markdown as the engine's units: its blocks, each with its language analysis. */
export function bodyUnits(body: string): Unit[] {
  return readMarkdown(body).blocks.map(block => unitOf(block, block.kind === 'code' ? emptyAnalysis() : analyze(block.text)))
}

/** The engine's reading of one atom's Markdown: blocks, language analysis, plain text, words and the definitions it gives. */
export function analyzeBody(body: string): BodyAnalysis {
  const units = bodyUnits(body)
  const blocks = units.map(unit => unit.block)
  const analysis = combine(units.map(unit => unit.analysis))
  const definitions: Definition[] = analysis.sentences.flatMap((sentence, i) => definitionsIn(sentence, analysis.sentences[i - 1]).map(definition => ({ ...definition, sentence: i })))
  for (const block of blocks) for (const entry of block.glossary) definitions.push({ term: entry.term, key: termKey(entry.term), meaning: entry.meaning, kind: 'glossary' })
  return {
    blocks, analysis, definitions,
    text: blocks.map(block => block.text).join('\n\n'),
    words: units.reduce((sum, unit) => sum + unit.words, 0),
  }
}

/** Whether the text still speaks of the term (whole words, case aside). */
export function mentions(text: string, term: Pick<AtomTerm, 'term' | 'key'>): boolean {
  const words = wordsOf(text)
  return formsOf(term).some(form => words.includes(form))
}

/** A text's words as `mentions` compares them: lower case, single spaces, a space at either end. */
export const wordsOf = (text: string) => ` ${normalise(text)} `

/** The forms of a term `mentions` looks for among a text's words (`wordsOf`): as written, its key, its key's plural. */
export const formsOf = (term: Pick<AtomTerm, 'term' | 'key'>) => [` ${normalise(term.term)} `, ` ${normalise(term.key)} `, ` ${normalise(term.key)}s `]

function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>()
  return items.filter(item => !seen.has(key(item)) && seen.add(key(item)))
}

/**
 * The atom after an author's changes, valid again: body sanitized and rendered, text, word count, reading
 * time and difficulty recomputed, key terms the author gave (or, after a new body, those it still uses),
 * definitions the text still gives, and cards built by the engine's card builder. Id, order and links stay.
 */
export function rebuildAtom(atom: Atom, changes: AtomChanges = {}): Atom {
  const title = changes.title ?? atom.title
  const type = changes.type ?? atom.type
  const body = changes.body === undefined ? atom.body : sanitizeMarkdown(changes.body)
  const read = analyzeBody(body)
  const own = new Map(read.definitions.map(definition => [definition.key, definition]))
  const previous = new Map(atom.terms.map(term => [term.key, term]))
  const terms = changes.terms
    ? uniqueBy(changes.terms.map((term) => {
        const key = termKey(term) || term.toLowerCase()
        const definedBy = previous.get(key)?.definedBy ?? (own.has(key) ? atom.id : undefined)
        return { term, key, ...(definedBy && { definedBy }) }
      }), term => term.key)
    : changes.body === undefined ? atom.terms : atom.terms.filter(term => mentions(read.text, term))
  const termKeys = new Set(terms.map(term => term.key))
  const text = ` ${normalise(read.text)} `
  const given = new Map((changes.definitions ?? []).map(definition => [termKey(definition.term), definition]))
  // While the text stays, so do its definitions (also those an author gave in words of their own).
  const definitions = uniqueBy([
    ...[...given.values()].flatMap(({ term, meaning }) => meaning === null ? [] : [{ term, meaning }]),
    ...atom.definitions.filter(definition => changes.body === undefined || text.includes(` ${normalise(definition.meaning)} `)),
    // Found anew: in new words, and for terms just added (the text may define them); not in rearranged ones.
    ...read.definitions.filter(definition => (termKeys.has(definition.key) || definition.kind === 'glossary')
      && ((changes.body !== undefined && !changes.sameWords) || !previous.has(definition.key))),
  ].map(({ term, meaning }) => ({ term, meaning })), definition => termKey(definition.term))
    .filter(definition => given.get(termKey(definition.term))?.meaning !== null)
  const found = read.definitions.filter(definition => definitions.some(d => d.term === definition.term && d.meaning === definition.meaning))
  const difficulty = difficultyOf(read.analysis, terms.length)
  const slowBlocks = read.blocks.filter(block => ['table', 'code', 'figure', 'math'].includes(block.kind)).length
  const cards = cardsFor({
    title, type, text: read.text, sentences: read.analysis.sentences,
    // The definitions the text gives, and those it does not (an author's own words), as glossary entries.
    definitions: [...found, ...definitions.filter(definition => !found.some(d => d.term === definition.term))
      .map(({ term, meaning }) => ({ term, key: termKey(term), meaning, kind: 'glossary' as const }))],
    terms: terms.map(term => term.term),
    steps: read.blocks.filter(block => block.kind === 'list' && block.ordered).flatMap(block => block.items),
  })
  return {
    ...atom, title, type, body, html: renderMarkdown(body), text: read.text, wordCount: read.words,
    readingTimeSec: readingSeconds(read.words, slowBlocks), difficulty: difficulty.score, difficultyLabel: difficulty.label,
    terms, definitions, cards,
  }
}

/** Where a body may be split: after a blank line, outside fenced code, with text on both sides. */
export function splitBody(body: string, offset: number): [string, string] {
  if (offset >= body.length) throw new AtomEditError('offset', `offset ${offset} is not inside the body (${body.length} characters); split where a blank line separates two paragraphs.`)
  const before = body.slice(0, offset)
  const after = body.slice(offset)
  const gap = (before.match(/\s*$/)?.[0] ?? '') + (after.match(/^\s*/)?.[0] ?? '')
  const insideCode = (before.match(fence)?.length ?? 0) % 2 === 1
  if (before.trim() === '' || after.trim() === '' || !/\n[ \t]*\n/.test(gap) || insideCode) {
    throw new AtomEditError('offset', `offset ${offset} is not at a paragraph boundary; split where a blank line separates two paragraphs.`)
  }
  return [before.trimEnd(), after.trimStart()]
}

/** Character offsets at which `splitBody` accepts a split: the start of each paragraph after the first. */
export function paragraphBoundaries(body: string): number[] {
  const offsets: number[] = []
  for (const match of body.matchAll(/\n[ \t]*\n\s*/g)) {
    const offset = match.index + match[0].length
    try {
      splitBody(body, offset)
      offsets.push(offset)
    }
    catch {
      // inside code, or no text after it
    }
  }
  return offsets
}

/** A title for a part split off: its first heading, or its first words. */
export function titleFromBody(body: string): string {
  const blocks = readMarkdown(body).blocks
  const heading = blocks.find(block => block.kind === 'heading' && block.text.trim())?.text.trim()
  const title = heading ?? leadingWords(blocks.map(block => block.text).join(' '), 8)
  return (title || 'Untitled').slice(0, 200)
}

/** The atom with every link to `from` pointing at `to` instead, without duplicates or links to itself. */
export function redirectLinks(atom: Atom, from: string, to: string): Atom {
  const swap = (id: string) => (id === from ? to : id)
  const related = new Map<string, number>()
  for (const link of atom.related) {
    const id = swap(link.id)
    if (id !== atom.id) related.set(id, Math.max(link.score, related.get(id) ?? 0))
  }
  return {
    ...atom,
    prerequisites: [...new Set(atom.prerequisites.map(swap))].filter(id => id !== atom.id),
    related: [...related].map(([id, score]) => ({ id, score })),
    terms: atom.terms.map(term => (term.definedBy === from ? { ...term, definedBy: to } : term)),
  }
}

/** Whether the atom's links mention the id at all. */
export function linksTo(atom: Atom, id: string): boolean {
  return atom.prerequisites.includes(id) || atom.related.some(link => link.id === id) || atom.terms.some(term => term.definedBy === id)
}

/**
 * Two atoms as one, keeping the first's id, title, type and place: bodies joined with a blank line; terms,
 * definitions, prerequisites and related atoms united without duplicates; the second's links to the first dropped.
 */
export function mergeTwoAtoms(first: Atom, second: Atom): Atom {
  const related = new Map<string, number>()
  for (const link of [...first.related, ...second.related]) related.set(link.id, Math.max(link.score, related.get(link.id) ?? 0))
  const united: Atom = {
    ...first,
    // A term both use keeps the first's wording, and the atom defining it if either knows one.
    terms: uniqueBy([...first.terms, ...second.terms], term => term.key).map((term) => {
      const definedBy = term.definedBy ?? second.terms.find(other => other.key === term.key)?.definedBy
      return { ...term, ...(definedBy && { definedBy }) }
    }),
    definitions: uniqueBy([...first.definitions, ...second.definitions], definition => termKey(definition.term)),
    prerequisites: [...first.prerequisites, ...second.prerequisites],
    related: [...related].sort((a, b) => b[1] - a[1]).map(([id, score]) => ({ id, score })),
    source: { ...first.source, end: Math.max(first.source.end, second.source.end) },
  }
  const merged = redirectLinks(united, second.id, first.id)
  return rebuildAtom(merged, { body: `${first.body.trimEnd()}\n\n${second.body.trimStart()}`, sameWords: true })
}

/**
 * The two atoms an atom splits into at `offset`: the first keeps id, title and place; the second gets an id
 * from the first's and its own content, a title from its first heading or words, and the place after it.
 * Terms go with the part that uses them; a term either part defines points at that part.
 */
export function splitAtomInTwo(atom: Atom, offset: number, taken?: (id: string) => boolean, newId = splitOffIdOf): [Atom, Atom] {
  const [firstBody, secondBody] = splitBody(atom.body, offset)
  const first = rebuildAtom(atom, { body: firstBody, sameWords: true })
  const secondId = newId(atom.id, secondBody, taken)
  const second = rebuildAtom({ ...atom, id: secondId, order: atom.order + 1, title: titleFromBody(secondBody),
    source: { ...atom.source, start: Math.min(atom.source.end, atom.source.start + firstBody.length) } }, { body: secondBody, sameWords: true })
  const movedKeys = definedKeys(second, first)
  const pointAt = (part: Atom) => ({
    ...part,
    terms: part.terms.map(term => (term.definedBy === atom.id && movedKeys.has(term.key) ? { ...term, definedBy: secondId } : term)),
  })
  return [pointAt({ ...first, source: { ...atom.source, end: second.source.start } }), pointAt(second)]
}

/** Keys of the terms `part` defines that `other` does not. */
export function definedKeys(part: Atom, other: Atom): Set<string> {
  const others = new Set(other.definitions.map(definition => termKey(definition.term)))
  return new Set(part.definitions.map(definition => termKey(definition.term)).filter(key => !others.has(key)))
}
