import type { BlockKind } from '../../atomizer/model'
import { atomTypes, typeFromSignals, typeSignals, type ClassifyInput, type TypeSignals } from '../../atomizer/nlp/classify'

/**
 * Features of an atom for the type model: the rules' own signals and verdict, the shape of its blocks, and
 * hashed words of its headings, its opening and its body. Bump `featureVersion` whenever this changes: a
 * model trained on other features is refused (and the rules type atoms) instead of guessing.
 */
export const featureVersion = 1

const headingBuckets = 128
const openingBuckets = 64
const bodyBuckets = 1024
const blockKinds: BlockKind[] = ['heading', 'paragraph', 'list', 'code', 'table', 'quote', 'figure', 'math']
const signalNames = Object.keys(typeSignals({ title: '', trail: [], blocks: [], analysis: { sentences: [], entities: [], wordCount: 0 }, definesKeyTerm: false, definitionCount: 0 })) as (keyof TypeSignals)[]

export const featureSize = signalNames.length + atomTypes.length + blockKinds.length + headingBuckets + openingBuckets + bodyBuckets

/** FNV-1a: a stable 32-bit hash, so a word lands in the same bucket in training and in every process. */
function hash(text: string): number {
  let value = 0x811C9DC5
  for (let i = 0; i < text.length; i++) {
    value ^= text.charCodeAt(i)
    value = Math.imul(value, 0x01000193)
  }
  return value >>> 0
}

/** Adds log-scaled counts of the words to a bucket range, then scales that range to unit length. */
function addHashed(features: Float32Array, offset: number, buckets: number, words: string[]) {
  const counts = new Map<number, number>()
  for (const word of words) {
    const bucket = offset + (hash(word) % buckets)
    counts.set(bucket, (counts.get(bucket) ?? 0) + 1)
  }
  let norm = 0
  for (const [bucket, count] of counts) {
    features[bucket] = Math.log1p(count)
    norm += features[bucket]! ** 2
  }
  if (norm > 0) for (const bucket of counts.keys()) features[bucket]! /= Math.sqrt(norm)
}

const wordsOf = (text: string) => text.toLowerCase().match(/[\p{L}]+|\d+/gu)?.map(word => (/^\d/.test(word) ? '#' : word)) ?? []

/** Lemmas of the atom's words (numbers as one token) and the pairs of neighbours among them. */
function bodyTerms(input: ClassifyInput): { lemmas: string[], terms: string[] } {
  const lemmas = input.analysis.sentences.flatMap(sentence => sentence.tokens
    .filter(token => token.type === 'word' || token.type === 'number')
    .map(token => (token.type === 'number' ? '#' : token.lemma)))
  const terms = [...lemmas]
  for (let i = 1; i < lemmas.length; i++) terms.push(`${lemmas[i - 1]} ${lemmas[i]}`)
  return { lemmas, terms }
}

/** The feature vector of one atom; same length for every atom (`featureSize`). */
export function typeFeatures(input: ClassifyInput): Float32Array {
  const features = new Float32Array(featureSize)
  const signals = typeSignals(input)
  let offset = 0
  for (const name of signalNames) {
    const value = signals[name]
    // Counts grow without bound; ratios and flags already lie in 0..1.
    features[offset++] = value > 1 ? Math.log1p(value) : value
  }
  features[offset + atomTypes.indexOf(typeFromSignals(signals))] = 1
  offset += atomTypes.length
  const blocks = Math.max(1, input.blocks.length)
  for (const kind of blockKinds) features[offset++] = input.blocks.filter(block => block.kind === kind).length / blocks
  addHashed(features, offset, headingBuckets, wordsOf([input.title, ...input.trail].join(' ')))
  offset += headingBuckets
  const { lemmas, terms } = bodyTerms(input)
  addHashed(features, offset, openingBuckets, lemmas.slice(0, 3).map((lemma, i) => `${i}:${lemma}`))
  offset += openingBuckets
  addHashed(features, offset, bodyBuckets, terms)
  return features
}

/** Feature vectors of many atoms as one row-major matrix, ready for a tensor. */
export function featureMatrix(inputs: ClassifyInput[]): Float32Array {
  const matrix = new Float32Array(inputs.length * featureSize)
  inputs.forEach((input, row) => matrix.set(typeFeatures(input), row * featureSize))
  return matrix
}

export const featureSettings = { featureVersion, featureSize, headingBuckets, openingBuckets, bodyBuckets, signals: signalNames, blockKinds }
