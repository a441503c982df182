import { Client } from '@elastic/elasticsearch'
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import { atomTextAnalyzer, indexMappings, mappingVersion, putIndexTemplate } from '../../../server/drivers/search/elasticsearch-mapping'
import { stopWords } from '../../../shared/utils/search-words'
import { createElasticsearchIndex, type ElasticsearchIndexOptions } from '../../../server/drivers/search/elasticsearch'
import type { SearchDocument, SearchIndex } from '../../../server/drivers/search/types'
import { deleteSearchIndices } from '../../support/cleanup'
import { servicesConfig, uniqueName } from '../../support/services'
import { deferred, eventually } from '../../support/wait'
import { describeSearchContract, searchDocument } from '../../contracts/search.contract'

const url = servicesConfig().elasticsearchUrl
if (!url) throw new Error('ELASTICSEARCH_URL is not set in .env.services')
const client = new Client({ node: url })

/** Aliases made by the current test: their indices and template are deleted after it. */
const made: string[] = []
const open: SearchIndex[] = []

/** Refreshes at once so that tests run quickly; one test checks the default, `wait_for`. */
function freshIndex(options: Partial<ElasticsearchIndexOptions> = {}) {
  const alias = options.alias ?? uniqueName('atomizer-test-search')
  made.push(alias)
  const index = createElasticsearchIndex({ client, alias, analyzer: 'standard', refresh: true, ...options })
  return { alias, index }
}

/** An index the test closes itself (the contract suite closes its own). */
function ownIndex(options: Partial<ElasticsearchIndexOptions> = {}) {
  const made = freshIndex(options)
  open.push(made.index)
  return made
}

afterEach(async () => {
  await Promise.all(open.splice(0).map(index => index.close()))
  for (const alias of made.splice(0)) await deleteSearchIndices(client, alias)
})

afterAll(() => client.close())

describeSearchContract('elasticsearch', () => freshIndex().index)

const indicesOf = async (alias: string) =>
  Object.keys(await client.indices.get({ index: `${alias}-v*`, allow_no_indices: true, ignore_unavailable: true })).sort()
const aliasedIndices = async (alias: string) => Object.keys(await client.indices.getAlias({ name: alias })).sort()
const hitIds = async (index: SearchIndex, text: string, documentIds: string[]) =>
  (await index.search({ text, documentIds, limit: 50, offset: 0 })).hits.map(hit => hit.id).sort()

describe('elasticsearch index: refresh', () => {
  it('makes writes searchable by the time they return, by default without forcing a refresh', async () => {
    const { alias } = freshIndex()
    const index = createElasticsearchIndex({ client, alias, analyzer: 'standard' })
    open.push(index)
    await index.upsert([searchDocument('a1', 'd1', { body: 'Travertine.' }), searchDocument('a2', 'd2', { body: 'Travertine.' })])
    expect(await hitIds(index, 'travertine', ['d1', 'd2'])).toEqual(['a1', 'a2'])
    await index.remove(['a1'])
    expect(await hitIds(index, 'travertine', ['d1', 'd2'])).toEqual(['a2'])
    await index.removeDocument('d2')
    expect(await index.count()).toBe(0)
  })

  it('without a refresh per write, makes every write searchable at flush()', async () => {
    const { alias } = freshIndex()
    const index = createElasticsearchIndex({ client, alias, analyzer: 'standard', refresh: false })
    open.push(index)
    // The periodic refresh is switched off, so only flush() can make these writes visible.
    await index.upsert([searchDocument('seed', 'd0')])
    await client.indices.putSettings({ index: alias, settings: { index: { refresh_interval: '-1' } } })
    await index.upsert([searchDocument('a1', 'd1', { body: 'Serpentinite.' }), searchDocument('a2', 'd1', { body: 'Serpentinite.' })])
    expect(await hitIds(index, 'serpentinite', ['d1'])).toEqual([])
    await index.flush()
    expect(await hitIds(index, 'serpentinite', ['d1'])).toEqual(['a1', 'a2'])
    await index.remove(['a1'])
    await index.flush()
    expect(await hitIds(index, 'serpentinite', ['d1'])).toEqual(['a2'])
  })
})

describe('elasticsearch index: versions behind the alias', () => {
  it('starts with <alias>-v1 behind the alias, and a second start reuses it', async () => {
    const { alias, index } = ownIndex()
    await index.upsert([searchDocument('a1', 'd1', { body: 'Quartz.' })])
    expect(await indicesOf(alias)).toEqual([`${alias}-v1`])
    expect(await aliasedIndices(alias)).toEqual([`${alias}-v1`])
    const again = createElasticsearchIndex({ client, alias, analyzer: 'standard', refresh: true })
    open.push(again)
    expect(await again.count()).toBe(1)
    expect(await indicesOf(alias)).toEqual([`${alias}-v1`])
  })

  it('puts the alias back on the newest version when a start stopped before adding it', async () => {
    const { alias, index } = ownIndex()
    await index.upsert([searchDocument('a1', 'd1', { body: 'Feldspar.' })])
    await index.rebuild((async function* () {
      yield [searchDocument('b1', 'd1', { body: 'Mica.' }), searchDocument('b2', 'd1', { body: 'Mica.' })]
    })())
    expect(await aliasedIndices(alias)).toEqual([`${alias}-v2`])
    await client.indices.deleteAlias({ index: `${alias}-v2`, name: alias })
    const restarted = createElasticsearchIndex({ client, alias, analyzer: 'standard', refresh: true })
    open.push(restarted)
    expect(await restarted.count()).toBe(2)
    expect(await aliasedIndices(alias)).toEqual([`${alias}-v2`])
  })

  it('refuses an alias name that is already a plain index', async () => {
    const { alias, index } = ownIndex()
    await client.indices.create({ index: alias })
    await expect(index.count()).rejects.toThrow(/not a version of this search index/)
  })

  it('keeps answering from the old index while a rebuild loads the new one, then swaps and drops the old', async () => {
    // Small bulk requests, so that part of the new content is in the new index while the rebuild waits.
    const { alias, index } = ownIndex({ bulk: { flushBytes: 2000 } })
    await index.upsert(Array.from({ length: 20 }, (_, i) => searchDocument(`old${i}`, 'd1', { body: `Granite boulder ${i}.` })))
    const halfway = deferred()
    const proceed = deferred()
    async function* batches() {
      yield Array.from({ length: 30 }, (_, i) => searchDocument(`new${i}`, 'd1', { body: `Granite pebble ${i}.` }))
      yield [searchDocument('doomed', 'd1', { body: 'Granite to be removed.' })]
      halfway.resolve()
      await proceed.promise
      yield [searchDocument('removed-meanwhile', 'd1', { body: 'Granite removed during the rebuild.' })]
    }
    const rebuilt = index.rebuild(batches())
    await halfway.promise

    // Mid-rebuild: the alias still serves the old index, unchanged, while the new one exists.
    expect(await indicesOf(alias)).toEqual([`${alias}-v1`, `${alias}-v2`])
    await eventually(async () => {
      await client.indices.refresh({ index: `${alias}-v2` })
      expect((await client.count({ index: `${alias}-v2` })).count).toBeGreaterThan(0)
    })
    expect(await aliasedIndices(alias)).toEqual([`${alias}-v1`])
    expect((await index.search({ text: 'granite', documentIds: ['d1'], limit: 1, offset: 0 })).total).toBe(20)
    expect(await index.count()).toBe(20)
    // Writes meanwhile reach the served index at once, and the new one before the swap.
    await index.upsert([searchDocument('live', 'd1', { body: 'Granite written during the rebuild.' })])
    await index.remove(['removed-meanwhile', 'doomed'])
    expect(await hitIds(index, 'written', ['d1'])).toEqual(['live'])

    // Searches never find nothing while the alias moves.
    let searching = true
    const totals: number[] = []
    const searches = (async () => {
      while (searching) totals.push((await index.search({ text: 'granite', documentIds: ['d1'], limit: 1, offset: 0 })).total)
    })()
    proceed.resolve()
    await rebuilt
    searching = false
    await searches
    expect(totals.length).toBeGreaterThan(0)
    expect(totals.every(total => total > 0)).toBe(true)

    expect(await indicesOf(alias)).toEqual([`${alias}-v2`])
    expect(await aliasedIndices(alias)).toEqual([`${alias}-v2`])
    expect(await index.count()).toBe(31)
    expect(await hitIds(index, 'boulder', ['d1'])).toEqual([])
    expect(await hitIds(index, 'written', ['d1'])).toEqual(['live'])
    expect(await hitIds(index, 'removed', ['d1'])).toEqual([])
  })

  it('a rebuild also drops versions left by rebuilds that never finished, and skips past newer ones', async () => {
    const { alias, index } = ownIndex()
    await index.upsert([searchDocument('a1', 'd1', { body: 'Chalk.' })])
    // As if two earlier rebuilds had stopped half-way: v2 below and v3 above what the next one takes.
    await client.indices.create({ index: `${alias}-v2` })
    await client.indices.create({ index: `${alias}-v3`, settings: { refresh_interval: '-1' } })
    await index.rebuild((async function* () {
      yield [searchDocument('b1', 'd1', { body: 'Flint.' })]
    })())
    expect(await indicesOf(alias)).toEqual([`${alias}-v4`])
    expect(await aliasedIndices(alias)).toEqual([`${alias}-v4`])
    expect(await hitIds(index, 'flint', ['d1'])).toEqual(['b1'])
  })

  it('serves a left-over version at start when the alias is gone, and makes it refresh', async () => {
    const { alias } = freshIndex()
    // Made after the template, as a rebuild makes it.
    await putIndexTemplate(client, alias, { analyzer: 'standard', vectorDims: 256 })
    await client.indices.create({ index: `${alias}-v3`, settings: { refresh_interval: '-1' } })
    const index = createElasticsearchIndex({ client, alias, analyzer: 'standard' })
    open.push(index)
    await index.upsert([searchDocument('a1', 'd1', { body: 'Loess.' })])
    expect(await aliasedIndices(alias)).toEqual([`${alias}-v3`])
    expect(await hitIds(index, 'loess', ['d1'])).toEqual(['a1'])
  })

  it('drops the half-built index and keeps serving the old one when a rebuild fails', async () => {
    const { alias, index } = ownIndex()
    await index.upsert([searchDocument('a1', 'd1', { body: 'Slate.' })])
    async function* failing(): AsyncGenerator<SearchDocument[]> {
      yield [searchDocument('b1', 'd1', { body: 'Shale.' })]
      throw new Error('the store went away')
    }
    await expect(index.rebuild(failing())).rejects.toThrow('the store went away')
    expect(await indicesOf(alias)).toEqual([`${alias}-v1`])
    expect(await hitIds(index, 'slate', ['d1'])).toEqual(['a1'])
  })
})

describe('elasticsearch index: mappings and analyzer', () => {
  it('declares the fields in a composable template for every version, with an empty dense_vector field', async () => {
    const { alias, index } = ownIndex({ vectorDims: 256 })
    await index.count()
    const { index_templates: [template] } = await client.indices.getIndexTemplate({ name: alias })
    expect(template!.index_template.index_patterns).toEqual([`${alias}-v*`])
    const properties = template!.index_template.template!.mappings!.properties!
    expect(properties.embedding).toMatchObject({ type: 'dense_vector', dims: 256, similarity: 'cosine', index: true })
    for (const field of ['title', 'body', 'headingTrail', 'terms']) expect(properties[field]).toMatchObject({ type: 'text', analyzer: atomTextAnalyzer })
    for (const field of ['id', 'documentId', 'type', 'difficulty', 'words']) expect(properties[field]).toMatchObject({ type: 'keyword' })
    expect(template!.index_template.template!.mappings!._meta).toEqual({ mappingVersion })
    const mapping = await client.indices.getMapping({ index: alias })
    expect(mapping[`${alias}-v1`]!.mappings.properties!.embedding).toMatchObject({ type: 'dense_vector', dims: 256 })
  })

  it('stores embeddings of the declared size, and indexes an atom whose vector does not fit without it', async () => {
    const { index } = ownIndex({ vectorDims: 4 })
    await index.upsert([searchDocument('v1', 'd1', { body: 'Vector atom.', embeddingVersion: 'e1', embedding: [0.1, 0.2, 0.3, 0.4] })])
    expect(await hitIds(index, 'vector', ['d1'])).toEqual(['v1'])
    await index.upsert([
      searchDocument('ok', 'd1', { body: 'Fine.' }),
      searchDocument('bad-vector', 'd1', { body: 'Wrong size.', embeddingVersion: 'e1', embedding: [1, 2] }),
    ])
    expect(await hitIds(index, 'fine', ['d1'])).toEqual(['ok'])
    expect(await hitIds(index, 'wrong', ['d1'])).toEqual(['bad-vector'])
    const near = await index.nearest({ vectorVersion: 'e1', vector: [0.1, 0.2, 0.3, 0.4], documentIds: ['d1'], minSimilarity: 0.5, limit: 5 })
    expect(near.map(hit => hit.id)).toEqual(['v1'])
  })

  it('analyzes text with the shared stop words, and folds what the cluster cannot', async () => {
    const { alias, index } = ownIndex()
    await index.count()
    const { tokens } = await client.indices.analyze({ index: `${alias}-v1`, analyzer: atomTextAnalyzer, text: 'The Cell and THEIR membrane' })
    expect(tokens!.map(token => token.token)).toEqual(['cell', 'membrane'])
    const settings = await client.indices.getSettings({ index: `${alias}-v1` })
    expect(settings[`${alias}-v1`]!.settings!.index!.analysis!.filter!.atom_stop).toMatchObject({ type: 'stop', stopwords: [...stopWords] })
    // Folded by the driver whether or not the cluster has `asciifolding` (the test cluster lacks it).
    await index.upsert([searchDocument('a1', 'd1', { title: 'Tenochtitlán', body: 'A coup d’état.' })])
    for (const text of ['tenochtitlan', 'Tenochtitlán', 'etat', 'état']) expect(await hitIds(index, text, ['d1'])).toEqual(['a1'])
    const [hit] = (await index.search({ text: 'tenochtitlan etat', documentIds: ['d1'], highlight: true, limit: 1, offset: 0 })).hits
    expect(hit!.highlights).toEqual({ title: '<mark>Tenochtitlán</mark>', body: ['A coup d’<mark>état</mark>.'] })
  })

  it('serves an index of an older mapping version until a rebuild, which brings folding and stop words', async () => {
    const { alias, index } = ownIndex()
    // As the driver made it before mapping versions: no `_meta`, no `shown`, the standard analyzer.
    const { _meta: _version, ...properties } = indexMappings({ analyzer: 'standard', vectorDims: 64 })
    const { shown: _shown, ...oldProperties } = properties.properties!
    await client.indices.create({ index: `${alias}-v1`, mappings: { dynamic: 'strict', properties: oldProperties }, aliases: { [alias]: {} } })
    await client.index({ index: alias, id: 'old', document: { id: 'old', documentId: 'd1', title: 'Tenochtitlán', body: 'The city.', headingTrail: [], terms: [], words: [] }, refresh: true })
    expect(await index.outdated()).toBe(true)
    expect(await hitIds(index, 'tenochtitlan', ['d1'])).toEqual([])
    // Writes still succeed on the old index meanwhile.
    await index.upsert([searchDocument('new', 'd1', { title: 'Tlatelolco', body: 'A market.' })])
    expect(await hitIds(index, 'tlatelolco', ['d1'])).toEqual(['new'])
    await index.rebuild((async function* () {
      yield [searchDocument('old', 'd1', { title: 'Tenochtitlán', body: 'The city.' }), searchDocument('new', 'd1', { title: 'Tlatelolco', body: 'A market.' })]
    })())
    expect(await index.outdated()).toBe(false)
    expect(await hitIds(index, 'tenochtitlan', ['d1'])).toEqual(['old'])
    expect(await aliasedIndices(alias)).toEqual([`${alias}-v2`])
  })

  it('falls back to the standard analyzer, with a warning naming the missing one', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    try {
      const { alias, index } = ownIndex({ analyzer: 'english' })
      await index.upsert([searchDocument('a1', 'd1', { body: 'Photosynthesis in leaves.' })])
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('"english"'))
      const mapping = await client.indices.getMapping({ index: alias })
      expect(mapping[`${alias}-v1`]!.mappings.properties!.body).toMatchObject({ analyzer: atomTextAnalyzer })
      expect(await hitIds(index, 'photosynthesis', ['d1'])).toEqual(['a1'])
    }
    finally {
      warn.mockRestore()
    }
  })

  for (const analyzer of ['simple', 'whitespace']) {
    it(`uses an analyzer the cluster has (${analyzer}) as given, without a warning`, async () => {
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
      try {
        const { alias, index } = ownIndex({ analyzer })
        await index.upsert([searchDocument('a1', 'd1', { body: 'Basalt-columns form slowly.' })])
        expect(warn).not.toHaveBeenCalled()
        const mapping = await client.indices.getMapping({ index: alias })
        for (const field of ['title', 'body', 'headingTrail', 'terms']) {
          expect(mapping[`${alias}-v1`]!.mappings.properties![field]).toMatchObject({ analyzer })
        }
        // `simple` splits on the hyphen; `whitespace` keeps the token whole.
        expect(await hitIds(index, 'columns', ['d1'])).toEqual(analyzer === 'simple' ? ['a1'] : [])
      }
      finally {
        warn.mockRestore()
      }
    })
  }
})

describe('elasticsearch index: bulk loading', () => {
  const many = (count: number, word: string) => Array.from({ length: count }, (_, i) =>
    searchDocument(`${word}-${i}`, `d${i % 7}`, { title: `${word} ${i}`, body: `${word} body ${i} `.repeat(20), terms: [`term${i % 13}`] }))

  it('rebuilds from thousands of atoms in many paced bulk requests', async () => {
    const { index } = ownIndex({ bulk: { flushBytes: 100_000, concurrency: 2 } })
    const atoms = many(5000, 'dolomite')
    async function* batches() {
      for (let at = 0; at < atoms.length; at += 500) yield atoms.slice(at, at + 500)
    }
    await index.rebuild(batches())
    expect(await index.count()).toBe(5000)
    const { total } = await index.search({ text: 'dolomite', documentIds: ['d0', 'd1', 'd2', 'd3', 'd4', 'd5', 'd6'], limit: 10, offset: 0 })
    expect(total).toBe(5000)
    expect((await index.search({ text: 'dolomite', documentIds: ['d3'], limit: 1, offset: 0 })).total).toBe(atoms.filter(atom => atom.documentId === 'd3').length)
  })

  it('upserts and removes thousands of atoms in one call each', async () => {
    const { index } = ownIndex({ bulk: { flushBytes: 100_000 } })
    await index.upsert(many(3000, 'gypsum'))
    expect(await index.count()).toBe(3000)
    await index.removeDocument('d0')
    expect(await index.count()).toBe(3000 - Math.ceil(3000 / 7))
    await index.remove(many(3000, 'gypsum').map(atom => atom.id))
    expect(await index.count()).toBe(0)
  })
})

describe('elasticsearch index: health', () => {
  it('reports the cluster health of its index', async () => {
    const { index } = ownIndex()
    const health = await index.health()
    expect(health.ok).toBe(true)
    expect(health.detail).toMatch(/green|yellow/)
  })

  it('reports a cluster it cannot reach as not ok, without throwing', async () => {
    const unreachable = createElasticsearchIndex({ url: 'http://127.0.0.1:9', alias: uniqueName('atomizer-test-search') })
    try {
      const health = await unreachable.health()
      expect(health.ok).toBe(false)
      expect(health.detail).toBeTruthy()
    }
    finally {
      await unreachable.close()
    }
  })
})

describe('elasticsearch index: vectors of another size', () => {
  const unit = (size: number) => Array.from({ length: size }, (_, i) => (i === 0 ? 1 : 0))

  it('keeps serving an index built for other vectors by keywords, and a rebuild brings it to the new size', async () => {
    const { alias, index: old } = ownIndex({ vectorDims: 8 })
    await old.upsert([searchDocument('a1', 'd1', { body: 'Basalt cools quickly.', embeddingVersion: 'e1', embedding: unit(8) })])
    expect(await old.outdated()).toBe(false)

    const current = createElasticsearchIndex({ client, alias, analyzer: 'standard', refresh: true, vectorDims: 16 })
    open.push(current)
    expect(await current.outdated()).toBe(true)
    // Writes do not fail for the vector the index cannot hold, searches answer by keywords.
    await current.upsert([searchDocument('a2', 'd1', { body: 'Basalt is volcanic.', embeddingVersion: 'e1', embedding: unit(16) })])
    expect((await current.search({ text: 'basalt', documentIds: ['d1'], vector: unit(16), limit: 10, offset: 0 })).total).toBe(2)
    expect(await current.nearest({ vectorVersion: 'e1', vector: unit(16), documentIds: ['d1'], minSimilarity: 0.5, limit: 5 })).toEqual([])

    async function* batches() {
      yield [searchDocument('a1', 'd1', { body: 'Basalt cools quickly.', embeddingVersion: 'e1', embedding: unit(16) }), searchDocument('a2', 'd1', { body: 'Basalt is volcanic.', embeddingVersion: 'e1', embedding: unit(16) })]
    }
    await current.rebuild(batches())
    expect(await current.outdated()).toBe(false)
    expect((await current.nearest({ vectorVersion: 'e1', vector: unit(16), documentIds: ['d1'], minSimilarity: 0.5, limit: 5 })).map(hit => hit.id).sort()).toEqual(['a1', 'a2'])
  })
})
