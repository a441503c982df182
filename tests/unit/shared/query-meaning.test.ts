import { beforeAll, describe, expect, it } from 'vitest'
import { minLearnedShare } from '../../../shared/utils/query-meaning'
import { seededRandom } from '../../../shared/utils/random'
import { embeddingTokens } from '../../../shared/utils/subwords'
import { loadTextEncoder, type SubwordEncoder } from '../../../server/ml/embeddings/encoder'
import { readSearchQueries } from '../../support/search-quality'

let encoder: SubwordEncoder

beforeAll(async () => {
  encoder = await loadTextEncoder()
}, 60_000)

/** The prefixes the API and browser tests put before eight random letters (tests/support/content.ts), and a few long real words. */
const prefixes = ['', 'zorb', 'quor', 'absent', 'sugg', 'cord', 'cedit', 'study', 'spring', 'prog', 'priv', 'meander', 'lern', 'gone', 'gamma',
  'flood', 'fall', 'etag', 'estuary', 'delta', 'cshare', 'cpriv', 'contract', 'clusterterm', 'cardsa', 'beta', 'alpha', 'memory', 'energy',
  'photosynthesis', 'respiration', 'revolution']

/** Made-up queries, drawn from a seed: a test's unique word, a random string, two of them, one after a common word. */
function madeUpQueries(seed: number, count: number): string[] {
  const random = seededRandom(seed)
  const letters = (length: number) => Array.from({ length }, () => String.fromCharCode(97 + Math.floor(random() * 26))).join('')
  const kinds = [
    () => `${prefixes[Math.floor(random() * prefixes.length)]}${letters(8)}`,
    () => letters(8 + Math.floor(random() * 9)),
    () => `${letters(5 + Math.floor(random() * 5))} ${letters(5 + Math.floor(random() * 5))}`,
    () => `the ${letters(8)}`,
  ]
  return Array.from({ length: count }, (_, i) => kinds[i % kinds.length]!())
}

/** Real words the encoder never read, built of pieces of words it did read (their forms, compounds, derivations). */
const learnedFromPieces = ['governments', 'mitochondrial', 'molecular', 'photosynthetic', 'orbiting', 'physicians', 'computers', 'languages',
  'libraries', 'averages', 'learners', 'teaching', 'skeleton', 'statistician', 'storms', 'abolition', 'factories', 'independence', 'discoveries',
  'forests', 'satellites', 'melodies', 'reptiles', 'teachers', 'laboratory', 'inflation', 'splitting', 'citizenship', 'drought', 'algorithmic', 'retrieved']
/** Real words it never read whose pieces it hardly met: their vectors come from unrelated pieces, as a made-up word's do. */
const mostlyUnlearned = ['philosophy', 'autumn', 'diplomacy', 'museums', 'stadium', 'mnemonics', 'zeugmatic']

describe('when a query is searched by meaning', () => {
  it('keeps the vector of every paraphrase query the search benchmark asks', () => {
    for (const { query } of readSearchQueries()) expect(encoder.learnedShare(query), query).toBeGreaterThanOrEqual(minLearnedShare)
  })

  it('never lets made-up words be searched by meaning, over many seeds', async () => {
    let highest = { query: '', share: 0 }
    for (let seed = 1; seed <= 40; seed++) {
      for (const query of madeUpQueries(seed, 1000)) {
        const share = encoder.learnedShare(query)
        if (share > highest.share) highest = { query, share }
      }
    }
    expect(highest.share, `"${highest.query}"`).toBeLessThan(minLearnedShare)
    // The share is not zero for them: a margin, not an empty filter, keeps them out.
    expect(highest.share).toBeGreaterThan(minLearnedShare / 2)
    for (const query of madeUpQueries(99, 20)) expect(await encoder.embedQuery(query)).toBeUndefined()
  })

  it('searches by meaning with real words outside the vocabulary that are built of learned pieces', async () => {
    const vocabulary = new Set(encoder.metadata.vocabulary.words)
    for (const word of learnedFromPieces) {
      expect(vocabulary.has(word), word).toBe(false)
      expect(encoder.learnedShare(word), word).toBeGreaterThanOrEqual(minLearnedShare)
    }
    const vectors = await Promise.all(learnedFromPieces.map(word => encoder.embedQuery(word)))
    expect(vectors.every(vector => vector?.length === encoder.dims)).toBe(true)
  })

  it('searches by keywords alone with real words whose pieces it never learned, and with words it learned among made-up ones', async () => {
    for (const word of mostlyUnlearned) expect(encoder.learnedShare(word), word).toBeLessThan(minLearnedShare)
    expect(await encoder.embedQuery('mnemonics')).toBeUndefined()
    // A common word weighs little beside a made-up one, as in the query's vector.
    expect(encoder.learnedShare('the quorxkcdvbnm')).toBeLessThan(0.5)
    expect(encoder.learnedShare('cell membrane')).toBe(1)
    expect(embeddingTokens('…!?')).toEqual([])
    expect(await encoder.embedQuery('…!?')).toBeUndefined()
  })
})
