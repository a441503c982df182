import { describe, expect, it } from 'vitest'
import type { Atom } from '../../../shared/schemas/atom'
import { keepEmbedding } from '../../../app/offline/reads-db'
import { prevailingVersion } from '../../../app/offline/vectors'

const atom = { id: 'a1', title: 'Mnemonic devices', text: 'A rhyme gives facts a shape.' } as Atom

describe('keepEmbedding', () => {
  it('keeps the saved vector of an atom read again unchanged, with its encoder version', () => {
    expect(keepEmbedding({ ...atom, embedding: [0.6, 0.8] }, { ...atom })).toEqual({ ...atom, embedding: [0.6, 0.8] })
    expect(keepEmbedding({ ...atom, embedding: [0.6, 0.8], embeddingVersion: 'retrained-1' }, { ...atom }))
      .toEqual({ ...atom, embedding: [0.6, 0.8], embeddingVersion: 'retrained-1' })
  })

  it('drops it once the title or text the vector was made from changed', () => {
    expect(keepEmbedding({ ...atom, embedding: [0.6, 0.8] }, { ...atom, text: 'An acronym gives facts a shape.' })).not.toHaveProperty('embedding')
    expect(keepEmbedding({ ...atom, embedding: [0.6, 0.8] }, { ...atom, title: 'Mnemonics' })).not.toHaveProperty('embedding')
  })

  it('stores an atom never saved as it came', () => {
    expect(keepEmbedding(undefined, atom)).toBe(atom)
  })
})

describe('prevailingVersion', () => {
  it('names the encoder version most saved vectors come from: the one the device loads to search them', () => {
    const vector = [0.6, 0.8]
    expect(prevailingVersion([
      { embedding: vector, embeddingVersion: '1' },
      { embedding: vector, embeddingVersion: 'retrained-2' },
      { embedding: vector, embeddingVersion: 'retrained-2' },
      // Without a vector, or without a version (saved before versions were kept): not counted.
      { embeddingVersion: '1' },
      { embedding: vector },
      { embedding: vector },
      { embedding: vector },
    ])).toBe('retrained-2')
  })

  it('is undefined when no saved vector names its version', () => {
    expect(prevailingVersion([{ embedding: [0.6, 0.8] }, {}])).toBeUndefined()
  })
})
