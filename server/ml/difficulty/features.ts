import { daleChall } from 'dale-chall'
import type { BlockKind } from '../../atomizer/model'
import { atomTypes } from '../../atomizer/nlp/classify'
import { difficultyOf, gradeLevel, syllables, type DifficultyInput } from '../../atomizer/nlp/difficulty'

/**
 * Features of an atom for the difficulty model, all from the engine's own analysis: the heuristic's score
 * and its parts (grade level, key-term density), sentence and word length, how many words are rare (off
 * the New Dale–Chall list of words familiar to most readers), what the words are (names, numbers, nouns),
 * the atom's length, its type and the shape of its blocks. Bump `featureVersion` whenever this changes: a
 * model trained on other features is refused (and the heuristic scores atoms) instead of guessing.
 */
export const featureVersion = 1

const familiar = new Set(daleChall)
const blockKinds: BlockKind[] = ['heading', 'paragraph', 'list', 'code', 'table', 'quote', 'figure', 'math']

/** The named values in order: one feature each, before the one-hot type and the block shares. */
export const textFeatureNames = [
  'heuristic', 'gradeLevel', 'keyTermDensity', 'keyTerms', 'definitions', 'wordsPerSentence', 'syllablesPerWord',
  'polysyllabicShare', 'longWordShare', 'rareWordShare', 'rareLemmaShare', 'entityShare', 'numberShare',
  'symbolShare', 'stopWordShare', 'nounShare', 'verbShare', 'words', 'sentences',
] as const

export const featureSize = textFeatureNames.length + atomTypes.length + blockKinds.length

const clamp = (value: number, low = 0, high = 1) => Math.min(high, Math.max(low, value))
const share = (part: number, whole: number) => (whole > 0 ? part / whole : 0)

/** A word is rare when neither its form nor its lemma is on the familiar list (numbers never are rare). */
const isRare = (value: string, lemma: string) => !familiar.has(value.toLowerCase()) && !familiar.has(lemma)

function textFeatures(input: DifficultyInput): Record<(typeof textFeatureNames)[number], number> {
  const tokens = input.analysis.sentences.flatMap(sentence => sentence.tokens)
  const words = tokens.filter(token => token.type === 'word')
  const sentences = Math.max(1, input.analysis.sentences.length)
  const syllableCounts = words.map(token => syllables(token.value))
  const rare = words.filter(token => isRare(token.value, token.lemma))
  const rareLemmas = new Set(rare.map(token => token.lemma))
  const lemmas = new Set(words.map(token => token.lemma))
  const wordCount = Math.max(1, input.analysis.wordCount)
  // Each value is scaled to about 0..1, so no one feature dominates the first layer by its units.
  return {
    heuristic: difficultyOf(input.analysis, input.keyTermCount).score,
    gradeLevel: clamp(gradeLevel(input.analysis) / 20, -0.5, 1.5),
    keyTermDensity: clamp(input.keyTermCount / wordCount * 12),
    keyTerms: clamp(input.keyTermCount / 12),
    definitions: clamp(input.definitionCount / 4),
    wordsPerSentence: clamp(words.length / sentences / 40, 0, 1.5),
    syllablesPerWord: clamp(share(syllableCounts.reduce((sum, count) => sum + count, 0), words.length) - 1, 0, 1.5),
    polysyllabicShare: share(syllableCounts.filter(count => count >= 3).length, words.length),
    longWordShare: share(words.filter(token => token.value.length >= 7).length, words.length),
    rareWordShare: share(rare.length, words.length),
    rareLemmaShare: share(rareLemmas.size, lemmas.size),
    entityShare: clamp(input.analysis.entities.length / wordCount * 5),
    numberShare: clamp(share(tokens.filter(token => token.type === 'number').length, tokens.length) * 4),
    symbolShare: clamp(share(tokens.filter(token => token.type === 'symbol').length, tokens.length) * 4),
    stopWordShare: share(words.filter(token => token.stop).length, words.length),
    nounShare: share(words.filter(token => token.pos === 'NOUN' || token.pos === 'PROPN').length, words.length),
    verbShare: share(words.filter(token => token.pos === 'VERB').length, words.length),
    words: clamp(Math.log1p(input.analysis.wordCount) / Math.log1p(400)),
    sentences: clamp(Math.log1p(input.analysis.sentences.length) / Math.log1p(30)),
  }
}

/** The feature vector of one atom; same length for every atom (`featureSize`). */
export function difficultyFeatures(input: DifficultyInput): Float32Array {
  const features = new Float32Array(featureSize)
  const named = textFeatures(input)
  textFeatureNames.forEach((name, i) => features[i] = named[name])
  let offset = textFeatureNames.length
  features[offset + atomTypes.indexOf(input.type)] = 1
  offset += atomTypes.length
  const blocks = Math.max(1, input.blocks.length)
  for (const kind of blockKinds) features[offset++] = input.blocks.filter(block => block.kind === kind).length / blocks
  return features
}

/** Feature vectors of many atoms as one row-major matrix, ready for a tensor. */
export function featureMatrix(inputs: DifficultyInput[]): Float32Array {
  const matrix = new Float32Array(inputs.length * featureSize)
  inputs.forEach((input, row) => matrix.set(difficultyFeatures(input), row * featureSize))
  return matrix
}

export const featureSettings = { featureVersion, featureSize, textFeatures: [...textFeatureNames], types: [...atomTypes], blockKinds }
