import { describe, expect, it } from 'vitest'
import type { Atom } from '../../../shared/schemas/atom'
import { keepEmbedding } from '../../../app/offline/mirror'

const atom = { id: 'a1', title: 'Mnemonic devices', text: 'A rhyme gives facts a shape.' } as Atom

describe('keepEmbedding', () => {
  it('keeps the saved vector of an atom read again unchanged', () => {
    expect(keepEmbedding({ ...atom, embedding: [0.6, 0.8] }, { ...atom })).toEqual({ ...atom, embedding: [0.6, 0.8] })
  })

  it('drops it once the title or text the vector was made from changed', () => {
    expect(keepEmbedding({ ...atom, embedding: [0.6, 0.8] }, { ...atom, text: 'An acronym gives facts a shape.' })).not.toHaveProperty('embedding')
    expect(keepEmbedding({ ...atom, embedding: [0.6, 0.8] }, { ...atom, title: 'Mnemonics' })).not.toHaveProperty('embedding')
  })

  it('stores an atom never saved as it came', () => {
    expect(keepEmbedding(undefined, atom)).toBe(atom)
  })
})
