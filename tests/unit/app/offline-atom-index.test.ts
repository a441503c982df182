import { describe, expect, it } from 'vitest'
import { buildOfflineIndex } from '../../../app/offline/atom-index'
import type { AtomWithEmbedding } from '../../../shared/schemas/atom'
import { makeAtom } from '../../contracts/store.contract'
import { unitVector } from '../../contracts/search.contract'

/** The device's index searches as the server's embedded one does: the same words, floor and highlights. */
/** Cosine 0.7 and 0.5 with `plants`: the floor (0.6) lies between. */
const atoms: AtomWithEmbedding[] = [
  { ...makeAtom('d1', 0, { title: 'Tenochtitlán', text: 'The capital of the Aztec empire stood on an island in a lake.' }), embeddingVersion: 'e1', embedding: unitVector({ 0: 1, 9: Math.sqrt(1 / 0.49 - 1) }) },
  { ...makeAtom('d1', 1, { title: 'Lakes', text: 'There is a lake in the valley, and the city grew around it.' }), embeddingVersion: 'e1', embedding: unitVector({ 0: 1, 9: Math.sqrt(3) }) },
  makeAtom('d1', 2, { title: 'Rivers', text: 'Rivers carve valleys.', terms: [] }),
]
const plants = unitVector({ 0: 1 })
const encoder = (vectors: Record<string, number[]>) => ({ version: 'e1', dims: 64, embedQuery: async (text: string) => vectors[text] })
const search = async (text: string, vectors: Record<string, number[]> = {}) => {
  const found = await (await buildOfflineIndex(atoms, encoder(vectors)))(text, { limit: 10, offset: 0 })
  return { ids: found.items.map(item => item.atom.id), total: found.total, highlights: found.items.map(item => item.highlights) }
}

describe('offline atom index', () => {
  it('finds nothing for a query of stop words alone', async () => {
    for (const text of ['the', 'There', 'what is it']) expect(await search(text, { [text]: plants })).toEqual({ ids: [], total: 0, highlights: [] })
  })

  it('folds diacritics in the atoms and in the query', async () => {
    expect((await search('Tenochtitlan')).ids).toEqual(['d1-atom-0'])
    expect((await search('TENOCHTITLÁN')).ids).toEqual(['d1-atom-0'])
  })

  it('counts only what matched, and marks neither stop words nor anything but the match', async () => {
    const found = await search('the lake')
    expect(found.ids.sort()).toEqual(['d1-atom-0', 'd1-atom-1'])
    expect(found.total).toBe(2)
    expect(found.highlights.flat().join(' ')).not.toMatch(/<mark>(?:the|there|a|in)<\/mark>/i)
    // The server's excerpts: the title's marks when only the title matched, the opening when only the meaning did.
    expect((await search('tenochtitlan')).highlights).toEqual([['<mark>Tenochtitlán</mark>. The capital of the Aztec empire stood on an island in a lake.']])
    expect((await search('photosynthesis', { photosynthesis: plants })).highlights).toEqual([['The capital of the Aztec empire stood on an island in a lake.']])
  })

  it('matches by meaning only above the similarity floor', async () => {
    expect((await search('photosynthesis', { photosynthesis: plants })).ids).toEqual(['d1-atom-0'])
    expect(await search('photosynthesis', { photosynthesis: unitVector({ 30: 1 }) })).toEqual({ ids: [], total: 0, highlights: [] })
  })
})
