import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SearchDocument, SearchIndex, SearchRequest } from '../../../../server/drivers/search/types'

export function searchDocument(id: string, documentId: string, overrides: Partial<SearchDocument> = {}): SearchDocument {
  return { id, documentId, title: `Atom ${id}`, body: 'Neutral filler text about nothing in particular.', headingTrail: [], ...overrides }
}

/** What every `SearchIndex` driver must do. `create` returns a fresh, empty index; the suite closes it after each test. */
export function describeSearchContract(name: string, create: () => Promise<SearchIndex> | SearchIndex) {
  describe(`SearchIndex contract: ${name}`, () => {
    let index: SearchIndex
    const find = async (text: string, documentIds: string[], page: Partial<Pick<SearchRequest, 'limit' | 'offset'>> = {}) =>
      index.search({ text, documentIds, limit: page.limit ?? 20, offset: page.offset ?? 0 })
    const ids = async (text: string, documentIds: string[]) => (await find(text, documentIds)).hits.map(hit => hit.id).sort()

    beforeEach(async () => {
      index = await create()
    })

    afterEach(async () => {
      await index.close()
    })

    it('finds an atom by a word of its body, title or heading trail', async () => {
      await index.upsert([
        searchDocument('a1', 'd1', { body: 'Chlorophyll absorbs light in the leaves.' }),
        searchDocument('a2', 'd1', { title: 'Mitochondria' }),
        searchDocument('a3', 'd1', { headingTrail: ['Cell biology', 'Organelles'] }),
      ])
      expect(await ids('chlorophyll', ['d1'])).toEqual(['a1'])
      expect(await ids('mitochondria', ['d1'])).toEqual(['a2'])
      expect(await ids('organelles', ['d1'])).toEqual(['a3'])
      expect(await ids('nonexistentword', ['d1'])).toEqual([])
    })

    it('reports each hit with its id and a numeric score, and the total', async () => {
      await index.upsert([searchDocument('a1', 'd1', { body: 'Photosynthesis makes sugar.' })])
      const result = await find('photosynthesis', ['d1'])
      expect(result).toEqual({ hits: [{ id: 'a1', score: expect.any(Number) }], total: 1 })
    })

    it('matches regardless of case, and by the start of a word', async () => {
      await index.upsert([searchDocument('a1', 'd1', { body: 'Photosynthesis makes sugar.' })])
      expect(await ids('PHOTOSYNTHESIS', ['d1'])).toEqual(['a1'])
      expect(await ids('photosynth', ['d1'])).toEqual(['a1'])
    })

    it('replaces an atom upserted again under the same id', async () => {
      await index.upsert([searchDocument('a1', 'd1', { body: 'Old wording about glaciers.' }), searchDocument('a2', 'd1')])
      await index.upsert([searchDocument('a1', 'd1', { body: 'New wording about volcanoes.' })])
      expect(await ids('glaciers', ['d1'])).toEqual([])
      expect(await ids('volcanoes', ['d1'])).toEqual(['a1'])
      expect(await index.count()).toBe(2)
    })

    it('keeps the last of repeated ids within one upsert', async () => {
      await index.upsert([
        searchDocument('a1', 'd1', { body: 'First take on deserts.' }),
        searchDocument('a1', 'd1', { body: 'Second take on oceans.' }),
      ])
      expect(await index.count()).toBe(1)
      expect(await ids('oceans', ['d1'])).toEqual(['a1'])
      expect(await ids('deserts', ['d1'])).toEqual([])
    })

    it('moves an atom upserted under another document', async () => {
      await index.upsert([searchDocument('a1', 'd1', { body: 'Wandering albatross.' })])
      await index.upsert([searchDocument('a1', 'd2', { body: 'Wandering albatross.' })])
      expect(await ids('albatross', ['d1'])).toEqual([])
      expect(await ids('albatross', ['d2'])).toEqual(['a1'])
      await index.removeDocument('d1')
      expect(await ids('albatross', ['d2'])).toEqual(['a1'])
      await index.removeDocument('d2')
      expect(await index.count()).toBe(0)
    })

    it('removes every atom of a document and nothing else', async () => {
      await index.upsert([
        searchDocument('a1', 'd1', { body: 'Tectonic plates move.' }),
        searchDocument('a2', 'd1', { body: 'Tectonic faults slip.' }),
        searchDocument('b1', 'd2', { body: 'Tectonic theory history.' }),
      ])
      await index.removeDocument('d1')
      expect(await ids('tectonic', ['d1', 'd2'])).toEqual(['b1'])
      expect(await index.count()).toBe(1)
      await index.removeDocument('d1')
      await index.removeDocument('never-indexed')
      expect(await index.count()).toBe(1)
    })

    it('removes single atoms by id, ignoring unknown ones', async () => {
      await index.upsert([
        searchDocument('a1', 'd1', { body: 'Glaciers carve valleys.' }),
        searchDocument('a2', 'd1', { body: 'Glaciers melt in summer.' }),
      ])
      await index.remove(['a1', 'unknown'])
      expect(await ids('glaciers', ['d1'])).toEqual(['a2'])
      expect(await index.count()).toBe(1)
      await index.removeDocument('d1')
      expect(await index.count()).toBe(0)
    })

    it('only returns atoms of the documents listed', async () => {
      // The better match lives in a document not listed: it must still never come back.
      await index.upsert([
        searchDocument('mine', 'd1', { body: 'A short note on quasars.' }),
        searchDocument('theirs', 'd2', { title: 'Quasars', body: 'Quasars, quasars and more quasars.' }),
        searchDocument('shared', 'd3', { body: 'Quasars are bright.' }),
      ])
      expect(await ids('quasars', ['d1'])).toEqual(['mine'])
      expect(await ids('quasars', ['d1', 'd3'])).toEqual(['mine', 'shared'])
      expect((await find('quasars', ['d1', 'd3'])).total).toBe(2)
      expect(await ids('quasars', ['unknown-document'])).toEqual([])
    })

    it('returns nothing when no document is listed', async () => {
      await index.upsert([searchDocument('a1', 'd1', { body: 'Nebula.' })])
      expect(await find('nebula', [])).toEqual({ hits: [], total: 0 })
    })

    it('ranks an atom whose title matches above one that mentions the word in passing', async () => {
      await index.upsert([
        searchDocument('passing', 'd1', {
          title: 'Energy in cells',
          body: 'Cells need energy for many things, and enzymes help them; this paragraph is about energy and cells in general.',
        }),
        searchDocument('titled', 'd1', { title: 'Enzymes', body: 'Proteins that speed up reactions in living things.' }),
        searchDocument('other', 'd1', { title: 'Unrelated', body: 'Nothing to see here.' }),
      ])
      const { hits, total } = await find('enzymes', ['d1'])
      expect(total).toBe(2)
      expect(hits.map(hit => hit.id)).toEqual(['titled', 'passing'])
      expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score)
    })

    it('pages through hits with limit and offset, with the full total each time', async () => {
      await index.upsert(Array.from({ length: 7 }, (_, i) => searchDocument(`a${i}`, 'd1', { body: `Comet sighting number ${i}.` })))
      const seen: string[] = []
      for (let offset = 0; offset < 7; offset += 3) {
        const page = await find('comet', ['d1'], { limit: 3, offset })
        expect(page.total).toBe(7)
        expect(page.hits.length).toBe(Math.min(3, 7 - offset))
        seen.push(...page.hits.map(hit => hit.id))
      }
      expect(seen.sort()).toEqual(Array.from({ length: 7 }, (_, i) => `a${i}`))
      expect((await find('comet', ['d1'], { limit: 3, offset: 9 })).hits).toEqual([])
    })

    it('counts atoms and clears everything', async () => {
      expect(await index.count()).toBe(0)
      await index.upsert([searchDocument('a1', 'd1', { body: 'Meteor.' }), searchDocument('a2', 'd2', { body: 'Meteor.' })])
      await index.upsert([])
      expect(await index.count()).toBe(2)
      await index.clear()
      expect(await index.count()).toBe(0)
      expect(await find('meteor', ['d1', 'd2'])).toEqual({ hits: [], total: 0 })
      await index.upsert([searchDocument('a1', 'd1', { body: 'Meteor again.' })])
      expect(await ids('meteor', ['d1'])).toEqual(['a1'])
    })

    it('flushes without losing anything', async () => {
      await index.upsert([searchDocument('a1', 'd1', { body: 'Aurora.' })])
      await index.flush()
      await index.flush()
      expect(await ids('aurora', ['d1'])).toEqual(['a1'])
    })
  })
}
