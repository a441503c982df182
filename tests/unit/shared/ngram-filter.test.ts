import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { embeddingMetadataSchema } from '../../../shared/schemas/embedding-model'
import { NgramFilter } from '../../../shared/utils/ngram-filter'
import { seededRandom } from '../../../shared/utils/random'
import { allCharacterNgrams } from '../../../shared/utils/subwords'
import { builtInTextEncoder } from '../../../shared/utils/text-encoder'

const randomGrams = (seed: number, count: number) => {
  const random = seededRandom(seed)
  return Array.from({ length: count }, () => Array.from({ length: 3 + Math.floor(random() * 3) }, () => String.fromCharCode(97 + Math.floor(random() * 26))).join(''))
}

describe('the n-gram filter', () => {
  it('holds every n-gram it was given, through its stored form, and few others', () => {
    const held = [...new Set(randomGrams(1, 20_000))]
    const filter = NgramFilter.fromData(NgramFilter.of(held).toData())
    expect(held.every(gram => filter.has(gram))).toBe(true)
    const heldSet = new Set(held)
    const others = randomGrams(2, 20_000).filter(gram => !heldSet.has(gram))
    expect(others.length).toBeGreaterThan(5_000)
    expect(others.filter(gram => filter.has(gram)).length / others.length).toBeLessThan(0.005)
  })

  it('holds nothing when empty, and refuses a damaged bit array', () => {
    expect(NgramFilter.of([]).has('abc')).toBe(false)
    expect(() => NgramFilter.fromData({ bits: btoa('abc'), hashes: 8 })).toThrow(/power-of-two/)
  })

  it('in the built-in encoder, holds the n-grams of every vocabulary word', () => {
    const folder = join(import.meta.dirname, '../../../models', builtInTextEncoder.name, builtInTextEncoder.version)
    const metadata = embeddingMetadataSchema.parse(JSON.parse(readFileSync(join(folder, 'metadata.json'), 'utf8')))
    const filter = NgramFilter.fromData(metadata.trainingNgrams!)
    const { minN, maxN } = metadata.subwords
    expect(metadata.vocabulary.words.flatMap(word => allCharacterNgrams(word, minN, maxN)).every(gram => filter.has(gram))).toBe(true)
  })
})
