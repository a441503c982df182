import { describe, expect, it } from 'vitest'
import { duplicateSimilarity, maxDuplicates, nearDuplicates, type EmbeddedAtom } from '../../../shared/utils/duplicates'
import { seededRandom } from '../../../shared/utils/random'
import { createOramaIndex } from '../../../server/drivers/search/orama'
import { searchDocument, unitVector } from '../../contracts/search.contract'

/** A unit vector at a chosen cosine from `base` (a unit vector along component 0). */
const atCosine = (cosine: number, side: number) => unitVector({ 0: cosine, [side]: Math.sqrt(1 - cosine ** 2) })

describe('near-duplicate atoms', () => {
  const atom: EmbeddedAtom = { id: 'a', documentId: 'd1', embedding: unitVector({ 0: 1 }) }

  it('are the atoms of other documents from the duplicate similarity up, most similar first, scored to three decimals', () => {
    const candidates: EmbeddedAtom[] = [
      atom,
      { id: 'same-document', documentId: 'd1', embedding: unitVector({ 0: 1 }) },
      { id: 'copy', documentId: 'd2', embedding: atCosine(0.9999, 1) },
      { id: 'edited', documentId: 'd3', embedding: atCosine(0.96, 2) },
      { id: 'related', documentId: 'd2', embedding: atCosine(duplicateSimilarity - 0.01, 3) },
      { id: 'no-vector', documentId: 'd2' },
      { id: 'other-size', documentId: 'd2', embedding: [1, 0] },
      // The same direction from another encoder says nothing: vectors of two versions are never compared.
      { id: 'other-encoder', documentId: 'd2', embedding: unitVector({ 0: 1 }), embeddingVersion: 'retrained-2' },
    ]
    expect(nearDuplicates(atom, candidates)).toEqual([{ id: 'copy', score: 1 }, { id: 'edited', score: 0.96 }])
    expect(nearDuplicates({ id: 'b', documentId: 'd9' }, candidates)).toEqual([])
  })

  it('list at most a few', () => {
    const copies = Array.from({ length: maxDuplicates + 3 }, (_, i) => ({ id: `copy-${i}`, documentId: `d${i + 2}`, embedding: atCosine(0.99 - i * 0.001, i + 1) }))
    expect(nearDuplicates(atom, copies).map(hit => hit.id)).toEqual(copies.slice(0, maxDuplicates).map(copy => copy.id))
  })

  it('are the ones the server\'s index finds with the same threshold and limit', async () => {
    const random = seededRandom(5)
    // Copies of the atom with small and larger changes in several documents, and unrelated atoms.
    const atoms: EmbeddedAtom[] = Array.from({ length: 60 }, (_, i) => ({
      id: `x${i}`,
      documentId: `d${i % 7}`,
      embedding: i % 3 === 0 ? atCosine(0.9 + random() * 0.1, 1 + (i % 60)) : unitVector({ [1 + (i % 60)]: 1, [2 + (i % 50)]: random() }),
    }))
    const index = createOramaIndex()
    try {
      await index.upsert(atoms.map(other => searchDocument(other.id, other.documentId, { embedding: other.embedding, embeddingVersion: 'e1' })))
      await index.flush()
      const others = [...new Set(atoms.map(other => other.documentId))].filter(documentId => documentId !== atom.documentId)
      const found = await index.nearest({ vector: atom.embedding!, vectorVersion: 'e1', documentIds: others, minSimilarity: duplicateSimilarity, limit: maxDuplicates })
      const onDevice = nearDuplicates(atom, atoms)
      expect(onDevice.length).toBe(maxDuplicates)
      expect(onDevice.map(hit => hit.id)).toEqual(found.map(hit => hit.id))
      expect(onDevice.map(hit => hit.score)).toEqual(found.map(hit => Math.round(hit.score * 1000) / 1000))
    }
    finally {
      await index.close()
    }
  })
})
