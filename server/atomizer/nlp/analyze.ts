import winkNLP, { type WinkMethods } from 'wink-nlp'
import model from 'wink-eng-lite-web-model'

export interface Token {
  value: string
  /** Lower-case lemma: "cells" → "cell", "was" → "be". */
  lemma: string
  /** Universal POS tag: NOUN, PROPN, ADJ, VERB, AUX, DET, ADP, PUNCT, NUM… */
  pos: string
  stop: boolean
  /** word, number, punctuation, email, url, … */
  type: string
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
  instance ??= winkNLP(model)
  return instance
}

export const emptyAnalysis = (): Analysis => ({ sentences: [], entities: [], wordCount: 0 })

/** Sentences, tokens with POS, lemmas and stop-word flags, and named entities of a text (wink-nlp). */
export function analyze(text: string): Analysis {
  if (text.trim() === '') return emptyAnalysis()
  const engine = nlp()
  const its = engine.its
  const doc = engine.readDoc(text)
  const tokens = doc.tokens()
  const values = tokens.out(its.value) as string[]
  const lemmas = tokens.out(its.lemma as never) as unknown as string[]
  const tags = tokens.out(its.pos) as string[]
  const stops = tokens.out(its.stopWordFlag) as unknown as boolean[]
  const types = tokens.out(its.type) as string[]
  const spaces = tokens.out(its.precedingSpaces as never) as unknown as string[]
  const spans = doc.sentences().out(its.span) as unknown as [number, number][]
  let wordCount = 0
  const sentences = spans.map(([first, last]) => {
    const sentenceTokens: Token[] = []
    let sentenceText = ''
    for (let i = first; i <= last; i++) {
      const type = types[i]!
      if (type === 'word' || type === 'number') wordCount++
      sentenceTokens.push({ value: values[i]!, lemma: lemmas[i]!.toLowerCase(), pos: tags[i]!, stop: stops[i]!, type })
      sentenceText += (i === first ? '' : spaces[i]!.length > 0 ? ' ' : '') + values[i]
    }
    return { text: sentenceText, tokens: sentenceTokens }
  })
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
