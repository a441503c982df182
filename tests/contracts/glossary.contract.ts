import { randomUUID } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { KeyTerm, TermLabel } from '../../shared/schemas/glossary'
import type { DocumentStore } from '../../server/drivers/store/types'

export function makeKeyTerm(overrides: Partial<KeyTerm> = {}): KeyTerm {
  return { term: 'osmosis', key: 'osmosis', score: 0.75, definition: 'the diffusion of water across a membrane', atomId: randomUUID(), ...overrides }
}

export function makeTermLabel(overrides: Partial<TermLabel> = {}): TermLabel {
  return {
    documentId: randomUUID(), atomId: randomUUID(), term: 'osmosis', key: 'osmosis', change: 'added', definition: null, previousDefinition: null,
    text: 'Osmosis is the diffusion of water across a membrane.', userId: randomUUID(), at: '2026-03-02T04:00:00.000Z', ...overrides,
  }
}

/** What every driver must do for glossaries: each document's key terms replaced whole, and term labels kept append-only. */
export function describeGlossaryContract(name: string, create: () => Promise<DocumentStore> | DocumentStore) {
  describe(`key terms and term labels contract: ${name}`, () => {
    let store: DocumentStore

    beforeEach(async () => {
      store = await create()
    })

    afterEach(async () => {
      await store.close()
    })

    it('has no key terms for a document never given any, and keeps an empty list apart from none', async () => {
      const documentId = randomUUID()
      expect(await store.keyTerms.get(documentId)).toBeNull()
      expect(await store.keyTerms.getMany([documentId])).toEqual(new Map())
      await store.keyTerms.put(documentId, [])
      expect(await store.keyTerms.get(documentId)).toEqual([])
    })

    it('replaces a document\'s key terms whole, reads several documents at once, and deletes them with the document', async () => {
      const [first, second, third] = [randomUUID(), randomUUID(), randomUUID()]
      const terms = [makeKeyTerm(), makeKeyTerm({ term: 'Krebs cycle', key: 'krebs cycle', score: 0.5, definition: null })]
      await store.keyTerms.put(first, terms)
      expect(await store.keyTerms.get(first)).toEqual(terms)
      await store.keyTerms.put(first, terms.slice(1))
      expect(await store.keyTerms.get(first)).toEqual(terms.slice(1))
      await store.keyTerms.put(second, terms)
      expect(await store.keyTerms.getMany([first, second, third])).toEqual(new Map([[first, terms.slice(1)], [second, terms]]))
      expect(await store.keyTerms.getMany([])).toEqual(new Map())
      await store.keyTerms.deleteByDocument(first)
      expect(await store.keyTerms.get(first)).toBeNull()
      expect(await store.keyTerms.get(second)).toEqual(terms)
      await store.keyTerms.deleteByDocument(third)
    })

    it('keeps every term label unchanged, lists a document\'s oldest first and scans them all in batches', async () => {
      const documentId = randomUUID()
      const at = (i: number) => new Date(Date.UTC(2026, 2, 2, 4, 0, i)).toISOString()
      const labels = [
        makeTermLabel({ documentId, at: at(0) }),
        // Several labels of one edit share their time; they keep the order they were given in.
        makeTermLabel({ documentId, at: at(1), change: 'removed', term: 'water', key: 'water' }),
        makeTermLabel({ documentId, at: at(1), change: 'defined', definition: 'water crossing a membrane', previousDefinition: 'the diffusion of water' }),
        makeTermLabel({ at: at(2) }),
        makeTermLabel({ documentId, at: at(3), change: 'defined', definition: null, previousDefinition: 'water crossing a membrane' }),
      ]
      await store.termLabels.append(labels.slice(0, 1))
      await store.termLabels.append(labels.slice(1, 3))
      await store.termLabels.append([])
      await store.termLabels.append(labels.slice(3))
      expect(await store.termLabels.listByDocument(documentId)).toEqual([labels[0], labels[1], labels[2], labels[4]])
      expect(await store.termLabels.listByDocument(randomUUID())).toEqual([])
      const batches: TermLabel[][] = []
      for await (const batch of store.termLabels.scan(2)) batches.push(batch)
      expect(batches.map(batch => batch.length)).toEqual([2, 2, 1])
      expect(batches.flat()).toEqual(labels)
    })
  })
}
