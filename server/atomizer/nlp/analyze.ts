import winkNLP, { type WinkMethods } from 'wink-nlp'
import model from 'wink-eng-lite-web-model'

export interface Token {
  value: string
  /** Lower-case lemma: "cells" → "cell", "was" → "be". */
  lemma: string
  /** Universal POS tag: NOUN, PROPN, ADJ, VERB, AUX, DET, ADP, PUNCT, NUM… */
  pos: string
  stop: boolean
  /** word, number, punctuation or symbol */
  type: string
  /** Whether whitespace precedes the token (so "long-term" can be told from "long - term"). */
  spaced: boolean
}

export interface Sentence {
  text: string
  tokens: Token[]
}

export interface Entity {
  value: string
  type: string
}

export interface Analysis {
  sentences: Sentence[]
  entities: Entity[]
  wordCount: number
}

let instance: WinkMethods | undefined
/** The English model loads once per process, on first use. */
function nlp(): WinkMethods {
  // Only the stages the engine reads: sentence breaks, parts of speech (lemmas need them) and entities; no sentiment or negation.
  instance ??= winkNLP(model, ['sbd', 'pos', 'ner'])
  return instance
}

export const emptyAnalysis = (): Analysis => ({ sentences: [], entities: [], wordCount: 0 })

const letterOrDigit = /[\p{L}\p{N}]/u

function tokenType(tag: string, value: string): string {
  if (tag === 'NUM' && /^[\d.,]+$/.test(value)) return 'number'
  if (tag === 'PUNCT' || !letterOrDigit.test(value)) return tag === 'SYM' ? 'symbol' : 'punctuation'
  return 'word'
}

/** Sentences, tokens with POS, lemmas and stop-word flags, and named entities of a text (wink-nlp). Lines are read apart. */
export function analyze(text: string): Analysis {
  if (text.trim() === '') return emptyAnalysis()
  if (text.includes('\n')) return combine(text.split(/\n+/).map(analyzeLine))
  return analyzeLine(text)
}

function analyzeLine(text: string): Analysis {
  if (text.trim() === '') return emptyAnalysis()
  const engine = nlp()
  const its = engine.its
  const doc = engine.readDoc(text)
  const tokens = doc.tokens()
  const values = tokens.out(its.value) as string[]
  const lemmas = tokens.out(its.lemma as never) as unknown as string[]
  const tags = tokens.out(its.pos) as string[]
  const stops = tokens.out(its.stopWordFlag) as unknown as boolean[]
  const spans = doc.sentences().out(its.span) as unknown as [number, number][]
  // Spacing and token kinds come from the text and the tags: cheaper than asking wink for two more columns.
  let cursor = 0
  const spacedBefore = values.map((value) => {
    const at = text.indexOf(value, cursor)
    if (at < 0) return true
    const spaced = at > cursor || (at > 0 && /\s/.test(text[at - 1]!))
    cursor = at + value.length
    return spaced
  })
  let wordCount = 0
  const sentences = spans.map(([first, last]) => {
    const sentenceTokens: Token[] = []
    let sentenceText = ''
    for (let i = first; i <= Math.min(last, values.length - 1); i++) {
      const tag = tags[i]!
      if (tag === 'SPACE' || values[i]!.trim() === '') continue
      const type = tokenType(tag, values[i]!)
      if (type === 'word' || type === 'number') wordCount++
      const spaced = sentenceTokens.length > 0 && spacedBefore[i]!
      sentenceTokens.push({ value: values[i]!, lemma: (lemmas[i] ?? values[i]!).toLowerCase(), pos: tags[i]!, stop: stops[i]!, type, spaced })
      sentenceText += (spaced ? ' ' : '') + values[i]
    }
    return { text: sentenceText, tokens: joinHyphenated(sentenceTokens) }
  }).filter(sentence => sentence.tokens.length > 0)
  const entityValues = doc.entities().out(its.value) as string[]
  const entityTypes = doc.entities().out(its.type) as string[]
  return { sentences, entities: entityValues.map((value, i) => ({ value, type: entityTypes[i]! })), wordCount }
}

/** Joins analyses of consecutive blocks into the analysis of the atom they form. */
export function combine(analyses: Analysis[]): Analysis {
  return {
    sentences: analyses.flatMap(a => a.sentences),
    entities: analyses.flatMap(a => a.entities),
    wordCount: analyses.reduce((sum, a) => sum + a.wordCount, 0),
  }
}

/** "long", "-", "term" written without spaces is one word, "long-term", taking the part of speech of its last part. */
function joinHyphenated(tokens: Token[]): Token[] {
  const joined: Token[] = []
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!
    const previous = joined.at(-1)
    const next = tokens[i + 1]
    if (token.value === '-' && !token.spaced && previous?.type === 'word' && next && !next.spaced && next.type === 'word') {
      joined[joined.length - 1] = { ...next, value: `${previous.value}-${next.value}`, lemma: `${previous.value.toLowerCase()}-${next.lemma}`, spaced: previous.spaced, stop: false }
      i++
    }
    else {
      joined.push(token)
    }
  }
  return joined
}

/** The text of a run of tokens, spaced as in the source. */
export function tokenText(tokens: Token[]): string {
  return tokens.map((token, i) => (i > 0 && token.spaced ? ' ' : '') + token.value).join('')
}
