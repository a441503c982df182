import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SearchDocument, SearchIndex, SearchRequest } from '../../server/drivers/search/types'

/** The text a browser shows for highlighted HTML: marks removed, entities decoded. */
export const shownText = (html: string) => html.replace(/<\/?mark>/g, '')
  .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
  .replace(/&#(?:39|x27);/g, '\'').replace(/&#x2F;/g, '/').replace(/&amp;/g, '&')

/** Only <mark> may be markup in a highlight. */
const onlyMarks = /^(?:[^<]|<\/?mark>)*$/

async function* inBatches(documents: SearchDocument[], size: number) {
  for (let at = 0; at < documents.length; at += size) yield documents.slice(at, at + size)
}

/** A unit vector of the index's default size (64) from a few of its components, for meaning without a model. */
export function unitVector(components: Record<number, number>): number[] {
  const vector = new Array<number>(64).fill(0)
  for (const [at, value] of Object.entries(components)) vector[Number(at)] = value
  const norm = Math.hypot(...vector)
  return vector.map(value => value / norm)
}

export function searchDocument(id: string, documentId: string, overrides: Partial<SearchDocument> = {}): SearchDocument {
  return { id, documentId, title: `Atom ${id}`, body: 'Neutral filler text about nothing in particular.', headingTrail: [], ...overrides }
}

/** What every `SearchIndex` driver must do. `create` returns a fresh, empty index; the suite closes it after each test. */
export function describeSearchContract(name: string, create: () => Promise<SearchIndex> | SearchIndex) {
  describe(`SearchIndex contract: ${name}`, () => {
    let index: SearchIndex
    const find = async (text: string, documentIds: string[], page: Partial<Omit<SearchRequest, 'text' | 'documentIds'>> = {}) =>
      index.search({ limit: 20, offset: 0, ...page, text, documentIds })
    const ids = async (text: string, documentIds: string[], filters?: SearchRequest['filters']) =>
      (await find(text, documentIds, filters ? { filters } : {})).hits.map(hit => hit.id).sort()

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

    describe('filters', () => {
      beforeEach(async () => {
        await index.upsert([
          searchDocument('c-easy', 'd1', { body: 'Lava flows.', type: 'concept', difficulty: 'easy' }),
          searchDocument('c-hard', 'd1', { body: 'Lava viscosity.', type: 'concept', difficulty: 'hard' }),
          searchDocument('def-easy', 'd1', { body: 'Lava is molten rock.', type: 'definition', difficulty: 'easy' }),
          searchDocument('ex-medium', 'd2', { body: 'Lava lamp example.', type: 'example', difficulty: 'medium' }),
          searchDocument('untyped', 'd1', { body: 'Lava without labels.' }),
        ])
      })

      it('keeps only atoms of the listed types', async () => {
        expect(await ids('lava', ['d1', 'd2'], { type: ['concept'] })).toEqual(['c-easy', 'c-hard'])
        expect(await ids('lava', ['d1', 'd2'], { type: ['definition', 'example'] })).toEqual(['def-easy', 'ex-medium'])
        expect(await ids('lava', ['d1', 'd2'], { type: ['exercise'] })).toEqual([])
      })

      it('keeps only atoms of the listed difficulties', async () => {
        expect(await ids('lava', ['d1', 'd2'], { difficulty: ['easy'] })).toEqual(['c-easy', 'def-easy'])
        expect(await ids('lava', ['d1', 'd2'], { difficulty: ['medium', 'hard'] })).toEqual(['c-hard', 'ex-medium'])
      })

      it('combines filters with each other and with the documents listed, and counts only what passes', async () => {
        expect(await ids('lava', ['d1', 'd2'], { type: ['concept', 'example'], difficulty: ['easy', 'medium'] })).toEqual(['c-easy', 'ex-medium'])
        expect(await ids('lava', ['d1'], { type: ['concept', 'example'], difficulty: ['easy', 'medium'] })).toEqual(['c-easy'])
        expect((await find('lava', ['d1', 'd2'], { filters: { type: ['concept'] } })).total).toBe(2)
      })

      it('treats an absent or empty filter as no restriction', async () => {
        const all = ['c-easy', 'c-hard', 'def-easy', 'ex-medium', 'untyped']
        expect(await ids('lava', ['d1', 'd2'], {})).toEqual(all)
        expect(await ids('lava', ['d1', 'd2'], { type: [], difficulty: [] })).toEqual(all)
      })
    })

    describe('precision', () => {
      const seeding = () => index.upsert([
        searchDocument('a1', 'd1', { title: 'Tenochtitlán', body: 'The capital of the Aztec empire stood on an island.' }),
        searchDocument('a2', 'd1', { title: 'Lakes', body: 'There is a lake in the valley, and the city grew around it.' }),
        searchDocument('a3', 'd1', { title: 'Tenochtitlan rebuilt', body: 'Mexico City was built over its ruins.' }),
      ])

      it('finds nothing for a query of stop words alone, with or without a vector', async () => {
        await seeding()
        for (const text of ['the', 'The', 'there', 'what is it', 'of the and']) {
          expect(await find(text, ['d1'])).toEqual({ hits: [], total: 0 })
        }
        expect(await find('the', ['d1'], { vector: unitVector({ 0: 1 }), vectorVersion: 'e1' })).toEqual({ hits: [], total: 0 })
      })

      it('lets stop words neither widen nor narrow a query', async () => {
        await seeding()
        expect(await ids('the lake', ['d1'])).toEqual(await ids('lake', ['d1']))
        expect(await ids('the lake', ['d1'])).toEqual(['a2'])
        expect((await find('the lake', ['d1'])).total).toBe(1)
      })

      it('folds diacritics on both sides: in the text indexed and in the query', async () => {
        await seeding()
        expect(await ids('Tenochtitlan', ['d1'])).toEqual(['a1', 'a3'])
        expect(await ids('Tenochtitlán', ['d1'])).toEqual(['a1', 'a3'])
        expect(await ids('TENOCHTITLÁN', ['d1'])).toEqual(['a1', 'a3'])
        expect(await ids('tenoch', ['d1'])).toEqual(['a1', 'a3'])
      })

      it('marks folded matches as written, and never a stop word', async () => {
        await seeding()
        const hits = (await find('the tenochtitlan lake', ['d1'], { highlight: true })).hits
        const byId = new Map(hits.map(hit => [hit.id, hit.highlights!]))
        expect(byId.get('a1')!.title).toBe('<mark>Tenochtitlán</mark>')
        const lakes = byId.get('a2')!
        expect(lakes.body.join(' ')).toContain('<mark>lake</mark>')
        expect(lakes.body.join(' ')).not.toMatch(/<mark>(?:the|there|a|and)<\/mark>/i)
      })
    })

    describe('highlights', () => {
      it('are absent unless asked for', async () => {
        await index.upsert([searchDocument('a1', 'd1', { body: 'Photosynthesis makes sugar.' })])
        const { hits } = await find('photosynthesis', ['d1'], { highlight: false })
        expect(hits[0]).not.toHaveProperty('highlights')
      })

      it('mark the matching words of the body, as written, and leave the title out when it did not match', async () => {
        await index.upsert([searchDocument('a1', 'd1', { title: 'Plants', body: 'Green plants turn light into sugar by Photosynthesis, mostly in leaves.' })])
        const [hit] = (await find('photosynthesis', ['d1'], { highlight: true })).hits
        expect(hit!.highlights!.title).toBeUndefined()
        expect(hit!.highlights!.body.length).toBeGreaterThan(0)
        expect(hit!.highlights!.body.join(' ')).toContain('<mark>Photosynthesis</mark>')
        expect(shownText(hit!.highlights!.body.join(' '))).toContain('turn light into sugar by Photosynthesis')
      })

      it('mark the whole title when it matched', async () => {
        await index.upsert([searchDocument('a1', 'd1', { title: 'Enzymes and catalysts', body: 'Proteins that speed up reactions.' })])
        const [hit] = (await find('enzymes', ['d1'], { highlight: true })).hits
        expect(hit!.highlights).toEqual({ title: '<mark>Enzymes</mark> and catalysts', body: [] })
      })

      it('mark a whole word matched by its start', async () => {
        await index.upsert([searchDocument('a1', 'd1', { body: 'Photosynthesis makes sugar.' })])
        const [hit] = (await find('photosynth', ['d1'], { highlight: true })).hits
        expect(hit!.highlights!.body.join(' ')).toContain('<mark>Photosynthesis</mark>')
      })

      it('escape the text, so that only <mark> is markup', async () => {
        const body = 'Use <script>alert("x")</script> & <b>bold</b> tags; it\'s photosynthesis / light.'
        await index.upsert([searchDocument('a1', 'd1', { title: '<i>Tags</i> & photosynthesis', body })])
        const [hit] = (await find('photosynthesis', ['d1'], { highlight: true })).hits
        const { title, body: excerpts } = hit!.highlights!
        for (const html of [title!, ...excerpts]) expect(html).toMatch(onlyMarks)
        expect(shownText(title!)).toBe('<i>Tags</i> & photosynthesis')
        expect(shownText(excerpts.join(' '))).toContain('<script>alert("x")</script> & <b>bold</b>')
      })

      it('are empty for an atom that matched only by its heading trail or key terms', async () => {
        await index.upsert([searchDocument('a1', 'd1', { headingTrail: ['Volcanology'], terms: ['magma chamber'] })])
        for (const text of ['volcanology', 'magma']) {
          const [hit] = (await find(text, ['d1'], { highlight: true })).hits
          expect(hit!.highlights).toEqual({ body: [] })
        }
      })
    })

    describe('suggestions', () => {
      beforeEach(async () => {
        await index.upsert([
          searchDocument('a1', 'd1', { title: 'Photosynthesis in plants', terms: ['chlorophyll', 'light reaction'] }),
          searchDocument('a2', 'd1', { title: 'Photons and light', terms: ['photon', 'photosynthesis'] }),
          searchDocument('a3', 'd2', { title: 'Photography', terms: ['photosphere'] }),
          searchDocument('a4', 'd1', { title: 'Leaves', body: 'Photoperiodism is only in the body.', terms: ['Chloroplast'] }),
        ])
      })

      it('completes the last word from titles and key terms, in most atoms first, then alphabetically', async () => {
        expect(await index.suggest('phot', ['d1', 'd2'], 10)).toEqual(['photosynthesis', 'photography', 'photon', 'photons', 'photosphere'])
        expect(await index.suggest('the green chlo', ['d1'], 10)).toEqual(['chlorophyll', 'chloroplast'])
        expect(await index.suggest('PHOTOS', ['d1'], 10)).toEqual(['photosynthesis'])
      })

      it('only offers words of the documents listed, up to the limit', async () => {
        expect(await index.suggest('phot', ['d2'], 10)).toEqual(['photography', 'photosphere'])
        expect(await index.suggest('phot', ['d1', 'd2'], 2)).toEqual(['photosynthesis', 'photography'])
        expect(await index.suggest('phot', [], 10)).toEqual([])
        expect(await index.suggest('phot', ['unknown-document'], 10)).toEqual([])
      })

      it('completes a word whose start is a stop word', async () => {
        await index.upsert([searchDocument('a1', 'd1', { title: 'Theory of thermal motion' }), searchDocument('a2', 'd1', { title: 'Whales' })])
        expect(await index.suggest('the', ['d1'], 5)).toEqual(['theory', 'thermal'])
      })

      it('offers nothing without a word being typed, for a finished word, or for words only in bodies', async () => {
        expect(await index.suggest('', ['d1'], 10)).toEqual([])
        expect(await index.suggest('light ', ['d1'], 10)).toEqual([])
        expect(await index.suggest('photon', ['d1'], 10)).toEqual(['photons'])
        expect(await index.suggest('photoperiod', ['d1'], 10)).toEqual([])
        expect(await index.suggest('zzz', ['d1'], 10)).toEqual([])
      })

      it('forget the words of removed atoms', async () => {
        await index.remove(['a3'])
        expect(await index.suggest('phot', ['d2'], 10)).toEqual([])
        await index.removeDocument('d1')
        expect(await index.suggest('chlo', ['d1'], 10)).toEqual([])
      })
    })

    describe('rebuild', () => {
      it('replaces the whole content with the batches given', async () => {
        await index.upsert([searchDocument('old', 'd1', { body: 'Basalt columns.' }), searchDocument('kept', 'd1', { body: 'Old granite.' })])
        const fresh = [
          searchDocument('kept', 'd1', { body: 'New granite.' }),
          ...Array.from({ length: 25 }, (_, i) => searchDocument(`n${i}`, 'd2', { body: `Obsidian shard ${i}.`, type: 'fact' })),
        ]
        await index.rebuild(inBatches(fresh, 10))
        expect(await index.count()).toBe(26)
        expect(await ids('basalt', ['d1'])).toEqual([])
        expect(await ids('granite', ['d1'])).toEqual(['kept'])
        expect((await find('obsidian', ['d2'], { filters: { type: ['fact'] } })).total).toBe(25)
        // Writes after a rebuild land in what the rebuild made.
        await index.upsert([searchDocument('later', 'd1', { body: 'Pumice floats.' })])
        expect(await ids('pumice', ['d1'])).toEqual(['later'])
        await index.removeDocument('d2')
        expect(await index.count()).toBe(2)
      })

      it('leaves an empty index for no batches', async () => {
        await index.upsert([searchDocument('a1', 'd1', { body: 'Basalt.' })])
        await index.rebuild(inBatches([], 10))
        expect(await index.count()).toBe(0)
        expect(await find('basalt', ['d1'])).toEqual({ hits: [], total: 0 })
      })
    })

    describe('meaning (embeddings)', () => {
      const plants = unitVector({ 0: 1 })
      const seeding = async () => index.upsert([
        searchDocument('a1', 'd1', { body: 'Chlorophyll absorbs light in the leaves.', embeddingVersion: 'e1', embedding: unitVector({ 0: 1, 1: 0.2 }), type: 'concept' }),
        searchDocument('a2', 'd1', { body: 'Green plants turn sunlight into sugar.', embeddingVersion: 'e1', embedding: unitVector({ 0: 1, 2: 0.4 }), type: 'example' }),
        searchDocument('a3', 'd1', { body: 'Volcanoes erupt molten rock.', embeddingVersion: 'e1', embedding: unitVector({ 5: 1 }), type: 'concept' }),
        searchDocument('a4', 'd2', { body: 'Leaves capture the energy of sunlight.', embeddingVersion: 'e1', embedding: unitVector({ 0: 1, 3: 0.1 }) }),
        searchDocument('a5', 'd1', { body: 'Chlorophyll is green.' }),
      ])

      it('finds atoms close in meaning that share no word with the query, after those matching both', async () => {
        await seeding()
        const result = await find('chlorophyll', ['d1', 'd2'], { vector: plants, vectorVersion: 'e1' })
        expect(result.hits.map(hit => hit.id).sort()).toEqual(['a1', 'a2', 'a4', 'a5'])
        expect(result.hits[0]!.id).toBe('a1')
        expect(result.total).toBe(4)
        // Without the query's vector (or with one of another size) only words match.
        expect(await ids('chlorophyll', ['d1', 'd2'])).toEqual(['a1', 'a5'])
        expect((await find('chlorophyll', ['d1', 'd2'], { vector: [1, 0, 0], vectorVersion: 'e1' })).hits.map(hit => hit.id).sort()).toEqual(['a1', 'a5'])
      })

      it('matches by meaning only above the similarity floor, so a query with nothing close finds nothing', async () => {
        await index.upsert([
          // Cosine 0.7 and 0.5 with the query's vector: the floor (0.6) lies between.
          searchDocument('near', 'd1', { body: 'Leaves capture sunlight.', embeddingVersion: 'e1', embedding: unitVector({ 0: 1, 9: Math.sqrt(1 / 0.49 - 1) }) }),
          searchDocument('far', 'd1', { body: 'Rivers carve valleys.', embeddingVersion: 'e1', embedding: unitVector({ 0: 1, 9: Math.sqrt(3) }) }),
        ])
        expect((await find('photosynthesis', ['d1'], { vector: unitVector({ 0: 1 }), vectorVersion: 'e1' })).hits.map(hit => hit.id)).toEqual(['near'])
        expect(await find('photosynthesis', ['d1'], { vector: unitVector({ 30: 1 }), vectorVersion: 'e1' })).toEqual({ hits: [], total: 0 })
      })

      it('keeps the documents listed and the filters for atoms matched by meaning', async () => {
        await seeding()
        expect((await find('chlorophyll', ['d1'], { vector: plants, vectorVersion: 'e1' })).hits.map(hit => hit.id).sort()).toEqual(['a1', 'a2', 'a5'])
        const concepts = await find('chlorophyll', ['d1', 'd2'], { vector: plants, vectorVersion: 'e1', filters: { type: ['concept'] } })
        expect(concepts).toMatchObject({ hits: [{ id: 'a1' }], total: 1 })
        expect(await find('chlorophyll', [], { vector: plants, vectorVersion: 'e1' })).toEqual({ hits: [], total: 0 })
      })

      it('pages through hybrid hits with limit and offset, with the full total each time', async () => {
        await seeding()
        const all = (await find('chlorophyll', ['d1', 'd2'], { vector: plants, vectorVersion: 'e1' })).hits.map(hit => hit.id)
        const first = await find('chlorophyll', ['d1', 'd2'], { vector: plants, vectorVersion: 'e1', limit: 2, offset: 0 })
        const second = await find('chlorophyll', ['d1', 'd2'], { vector: plants, vectorVersion: 'e1', limit: 2, offset: 2 })
        expect([...first.hits, ...second.hits].map(hit => hit.id)).toEqual(all)
        expect([first.total, second.total]).toEqual([4, 4])
      })

      it('lists the atoms nearest to a vector, nearest first, with their cosine similarity, within the documents listed', async () => {
        await seeding()
        const near = await index.nearest({ vectorVersion: 'e1', vector: unitVector({ 0: 1, 1: 0.2 }), documentIds: ['d1', 'd2'], minSimilarity: 0.95, limit: 5 })
        expect(near.map(hit => hit.id)).toEqual(['a1', 'a4'])
        expect(near[0]!.score).toBeCloseTo(1, 2)
        expect(near[1]!.score).toBeCloseTo(unitVector({ 0: 1, 1: 0.2 })[0]! * unitVector({ 0: 1, 3: 0.1 })[0]!, 2)
        expect((await index.nearest({ vectorVersion: 'e1', vector: unitVector({ 0: 1, 1: 0.2 }), documentIds: ['d2'], minSimilarity: 0.5, limit: 5 })).map(hit => hit.id)).toEqual(['a4'])
        expect(await index.nearest({ vectorVersion: 'e1', vector: unitVector({ 9: 1 }), documentIds: ['d1', 'd2'], minSimilarity: 0.5, limit: 5 })).toEqual([])
        expect(await index.nearest({ vectorVersion: 'e1', vector: unitVector({ 0: 1 }), documentIds: [], minSimilarity: 0.5, limit: 5 })).toEqual([])
      })

      it('forgets the vector of a removed atom and of one upserted again without one', async () => {
        await seeding()
        await index.remove(['a2'])
        await index.upsert([searchDocument('a4', 'd2', { body: 'Leaves capture the energy of sunlight.' })])
        expect((await find('chlorophyll', ['d1', 'd2'], { vector: plants, vectorVersion: 'e1' })).hits.map(hit => hit.id).sort()).toEqual(['a1', 'a5'])
      })

      it('compares a query vector only with vectors of the same encoder version', async () => {
        await seeding()
        // A vector another encoder made finds by words alone, and no neighbours.
        expect((await find('chlorophyll', ['d1', 'd2'], { vector: plants, vectorVersion: 'e2' })).hits.map(hit => hit.id).sort()).toEqual(['a1', 'a5'])
        expect(await index.nearest({ vectorVersion: 'e2', vector: unitVector({ 0: 1, 1: 0.2 }), documentIds: ['d1', 'd2'], minSimilarity: 0.5, limit: 5 })).toEqual([])
        // Rebuilt with the other encoder's vectors, its queries find by meaning again, and the first one's do not.
        await index.rebuild(inBatches([
          searchDocument('a1', 'd1', { body: 'Chlorophyll absorbs light in the leaves.', embeddingVersion: 'e2', embedding: unitVector({ 7: 1 }) }),
          searchDocument('a2', 'd1', { body: 'Green plants turn sunlight into sugar.', embeddingVersion: 'e2', embedding: unitVector({ 7: 1, 8: 0.3 }) }),
        ], 1), { vectorVersion: 'e2' })
        expect((await find('chlorophyll', ['d1'], { vector: unitVector({ 7: 1 }), vectorVersion: 'e2' })).hits.map(hit => hit.id).sort()).toEqual(['a1', 'a2'])
        expect((await find('chlorophyll', ['d1'], { vector: unitVector({ 7: 1 }), vectorVersion: 'e1' })).hits.map(hit => hit.id)).toEqual(['a1'])
        expect((await index.nearest({ vectorVersion: 'e2', vector: unitVector({ 7: 1 }), documentIds: ['d1'], minSimilarity: 0.9, limit: 5 })).map(hit => hit.id)).toEqual(['a1', 'a2'])
      })

      it('keeps answering from the content it has while a rebuild loads, and replays writes made meanwhile', async () => {
        await seeding()
        let release!: () => void
        let loading!: () => void
        const held = new Promise<void>(resolve => release = resolve)
        const loaded = new Promise<void>(resolve => loading = resolve)
        async function* slowBatches() {
          yield [searchDocument('a1', 'd1', { body: 'Chlorophyll absorbs light in the leaves.', embeddingVersion: 'e2', embedding: unitVector({ 7: 1 }) })]
          loading()
          await held
          yield [searchDocument('a3', 'd1', { body: 'Volcanoes erupt molten rock.', embeddingVersion: 'e2', embedding: unitVector({ 5: 1 }) })]
        }
        const rebuilding = index.rebuild(slowBatches(), { vectorVersion: 'e2' })
        // Once the rebuild reads its batches (the store's copy, read after it began).
        await loaded
        // Still the old content, with its vectors.
        expect((await find('chlorophyll', ['d1', 'd2'], { vector: plants, vectorVersion: 'e1' })).hits.map(hit => hit.id).sort()).toEqual(['a1', 'a2', 'a4', 'a5'])
        await index.upsert([searchDocument('late', 'd1', { body: 'Chlorophyll again, written during the rebuild.' })])
        release()
        await rebuilding
        expect(await ids('chlorophyll', ['d1', 'd2'])).toEqual(['a1', 'late'])
      })
    })

    it('reports itself healthy', async () => {
      expect((await index.health()).ok).toBe(true)
    })
  })
}
