import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { characterNgrams, embeddingTokens, fnv1a, subwordRows } from '../../../shared/utils/subwords'
import { loadTextEncoder, type SubwordEncoder } from '../../../server/ml/embeddings/encoder'
import { firstPrincipalComponent, trainEncoder } from '../../../server/ml/embeddings/train'
import { saveLayersModel, saveModelMetadata } from '../../../server/ml/models'
import { mlRuntime } from '../../../server/ml/runtime'

const folder = mkdtempSync(join(tmpdir(), 'atomizer-embeddings-'))
const dot = (a: Float32Array, b: Float32Array) => a.reduce((sum, value, i) => sum + value * b[i]!, 0)

/** Two topics that share no content words, so a trained encoder must keep them apart. */
const cells = [
  'The cell membrane surrounds the cytoplasm of every cell.',
  'Mitochondria in the cytoplasm make energy for the cell.',
  'The nucleus of the cell holds its chromosomes and genes.',
  'Genes on chromosomes in the nucleus are copied when the cell divides.',
  'The membrane lets water into the cell by osmosis.',
]
const markets = [
  'When the price rises, buyers demand fewer goods in the market.',
  'Sellers supply more goods to the market when the price is high.',
  'The market price settles where supply meets demand.',
  'A shortage of goods pushes the market price up until demand falls.',
  'Taxes on sellers shift supply and raise the price buyers pay.',
]
const corpus = { texts: Array.from({ length: 6 }, () => [...cells, ...markets]).flat(), documents: 2, atoms: 0 }
const options = { seed: 3, dims: 16, buckets: 512, minN: 3, maxN: 5, epochs: 25, window: 4, negatives: 4, minCount: 2, maxVocabulary: 500, learningRate: 0.05, centresPerStep: 64 }

let trained: Awaited<ReturnType<typeof trainEncoder>>
let loaded: SubwordEncoder

beforeAll(async () => {
  await mlRuntime('cpu')
  trained = await trainEncoder(corpus, options)
  trained.metadata.version = 'test'
  await saveLayersModel(trained.encoder.model, join(folder, 'tiny'))
  await saveModelMetadata(join(folder, 'tiny'), trained.metadata)
  loaded = await loadTextEncoder(join(folder, 'tiny'))
}, 120_000)

afterAll(() => rmSync(folder, { recursive: true, force: true }))

describe('subwords', () => {
  it('splits text into lower-case words and numbers, keeping apostrophes inside words', () => {
    expect(embeddingTokens('The Cell’s membrane, in 2024: ATP-rich!')).toEqual(['the', 'cell’s', 'membrane', 'in', '2024', 'atp', 'rich'])
  })

  it('makes n-grams with word boundaries, without the whole word', () => {
    expect(characterNgrams('cat', 3, 4)).toEqual(['<ca', 'cat', 'at>', '<cat', 'cat>'])
    expect(characterNgrams('a', 3, 5)).toEqual([])
  })

  it('hashes the same everywhere (FNV-1a)', () => {
    expect(fnv1a('')).toBe(0x811C9DC5)
    expect(fnv1a('a')).toBe(0xE40C292C)
  })

  it('looks a word up as its own row (when in the vocabulary) then its n-gram rows after the vocabulary', () => {
    const vocabulary = new Map([['cell', 0], ['cat', 1]])
    const rows = subwordRows('cat', vocabulary, { buckets: 100, minN: 3, maxN: 3 })
    expect(rows[0]).toBe(1)
    expect(rows.slice(1)).toEqual(['<ca', 'cat', 'at>'].map(gram => 2 + (fnv1a(gram) % 100)))
    expect(subwordRows('dog', vocabulary, { buckets: 100, minN: 3, maxN: 3 }).every(row => row >= 2 && row < 102)).toBe(true)
  })
})

describe('a text encoder trained and saved by the test', () => {
  it('saves its table and metadata and loads back to the same vectors', async () => {
    const texts = ['The nucleus holds the genes.', 'Prices rise with demand.']
    const before = await trained.encoder.embed(texts)
    const after = await loaded.embed(texts)
    after.forEach((vector, i) => vector.forEach((value, d) => expect(value).toBeCloseTo(before[i]![d]!, 5)))
    const metadata = JSON.parse(readFileSync(join(folder, 'tiny', 'metadata.json'), 'utf8'))
    expect(metadata).toMatchObject({ dims: 16, subwords: { buckets: 512, minN: 3, maxN: 5 }, training: { corpus: { documents: 2, texts: 60 } } })
    expect(metadata.vocabulary.words.length).toBeGreaterThan(20)
    expect(metadata.commonComponent).toHaveLength(16)
  })

  it('gives unit vectors, the same for the same text, and zeros for a text without words', async () => {
    const [a, b, empty] = await loaded.embed(['Osmosis moves water.', 'Osmosis moves water.', '— … —'])
    expect(dot(a!, a!)).toBeCloseTo(1, 5)
    expect([...b!]).toEqual([...a!])
    expect([...empty!].every(value => value === 0)).toBe(true)
  })

  it('learns from co-occurrence: words of one topic lie nearer each other than words of the other', async () => {
    const [nucleus, chromosomes, price, supply, demand, membrane] = await loaded.embed(['nucleus', 'chromosomes', 'price', 'supply', 'demand', 'membrane'])
    expect(dot(nucleus!, chromosomes!)).toBeGreaterThan(dot(nucleus!, price!))
    expect(dot(supply!, demand!)).toBeGreaterThan(dot(supply!, membrane!))
  })

  it('places an unseen word form by its n-grams, next to the form it has seen', async () => {
    const [membranes, membrane, markets] = await loaded.embed(['membranes', 'membrane', 'markets'])
    expect(dot(membranes!, membrane!)).toBeGreaterThan(0.8)
    expect(dot(membranes!, membrane!)).toBeGreaterThan(dot(membranes!, markets!) + 0.3)
  })

  it('records the n-grams of the words it read: a form built of them counts as learned, a made-up word does not', () => {
    expect(loaded.learnedShare('membrane')).toBe(1)
    expect(loaded.learnedShare('membranes')).toBeGreaterThan(0.8)
    expect(loaded.learnedShare('qwzyxkvj')).toBeLessThan(0.2)
  })

  it('embeds many texts in batches without leaving tensors behind', async () => {
    const { tf } = await mlRuntime()
    const tensors = tf.memory().numTensors
    const vectors = await loaded.embed(Array.from({ length: 600 }, (_, i) => `${cells[i % 5]} ${i}`))
    expect(vectors).toHaveLength(600)
    expect(tf.memory().numTensors).toBe(tensors)
  })

  it('refuses metadata of another tokenizer version or a table of the wrong shape', async () => {
    const metadata = JSON.parse(readFileSync(join(folder, 'tiny', 'metadata.json'), 'utf8'))
    await saveLayersModel(trained.encoder.model, join(folder, 'old'))
    writeFileSync(join(folder, 'old', 'metadata.json'), JSON.stringify({ ...metadata, tokenizerVersion: 0 }))
    await expect(loadTextEncoder(join(folder, 'old'))).rejects.toThrow(/tokenizer version 0/)
    await saveLayersModel(trained.encoder.model, join(folder, 'wide'))
    writeFileSync(join(folder, 'wide', 'metadata.json'), JSON.stringify({ ...metadata, subwords: { ...metadata.subwords, buckets: 1024 } }))
    await expect(loadTextEncoder(join(folder, 'wide'))).rejects.toThrow(/needs one table/)
    await saveLayersModel(trained.encoder.model, join(folder, 'bare'))
    await expect(loadTextEncoder(join(folder, 'bare'))).rejects.toThrow(/no metadata.json/)
  })
})

describe('the common component', () => {
  it('is the direction the vectors share', () => {
    const vectors = [[0.9, 0.1, 0], [0.8, -0.2, 0.1], [0.95, 0, -0.1]].map(values => Float32Array.from(values))
    const component = firstPrincipalComponent(vectors, 3, 1)
    expect(Math.abs(component[0]!)).toBeGreaterThan(0.95)
  })
})
