import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { corpusDir } from '../support/corpus'
import { markdownChapter, uniqueWord } from '../support/content'
import { ApiClient, signedInClient } from '../support/http'
import { expectProblem } from '../support/problems'

describe('GET /api/v1/search', () => {
  let client: ApiClient
  let word: string
  let documentId: string

  beforeAll(async () => {
    client = (await signedInClient('searcher')).client
    word = uniqueWord('quor')
    documentId = (await client.uploadReady('searchable.md', markdownChapter(word))).id
  })

  it('finds the atom by a word of its body, with highlighted excerpts', async () => {
    const response = await client.get(`/api/v1/search?q=${word}`)
    expect(response.status).toBe(200)
    expect(response.data.total).toBe(1)
    expect(response.data.items).toHaveLength(1)
    const [hit] = response.data.items
    expect(hit.atom.documentId).toBe(documentId)
    expect(hit.atom.text).toContain(word)
    expect(hit.score).toBeGreaterThan(0)
    expect(hit.highlights.length).toBeGreaterThan(0)
    expect(hit.highlights.join(' ')).toContain(`<mark>${word}</mark>`)
    for (const excerpt of hit.highlights) expect(excerpt).not.toMatch(/<(?!\/?mark>)/)
  })

  it('matches regardless of case and by the start of a word', async () => {
    for (const q of [word.toUpperCase(), word.slice(0, word.length - 3)]) {
      const { data } = await client.get(`/api/v1/search?q=${encodeURIComponent(q)}`)
      expect(data.items.map((item: { atom: { documentId: string } }) => item.atom.documentId)).toEqual([documentId])
    }
  })

  it('finds common words across the document, ranked, a page at a time', async () => {
    const atoms = await client.getAll(`/api/v1/documents/${documentId}/atoms`)
    const mentioning = atoms.filter(atom => /\bdiagram/i.test(atom.text)).map(atom => atom.id).sort()
    expect(mentioning.length).toBeGreaterThan(2)
    const all = await client.get(`/api/v1/search?q=diagram&limit=50`)
    expect(all.data.total).toBe(mentioning.length)
    expect(all.data.items.map((item: { atom: { id: string } }) => item.atom.id).sort()).toEqual(mentioning)
    const scores = all.data.items.map((item: { score: number }) => item.score)
    expect(scores).toEqual([...scores].sort((a, b) => b - a))
    const first = await client.get(`/api/v1/search?q=diagram&limit=2`)
    const second = await client.get(`/api/v1/search?q=diagram&limit=2&offset=2`)
    expect(first.data.items).toHaveLength(2)
    expect(first.data.total).toBe(all.data.total)
    const firstIds = first.data.items.map((item: { atom: { id: string } }) => item.atom.id)
    const secondIds = second.data.items.map((item: { atom: { id: string } }) => item.atom.id)
    expect(firstIds.filter((id: string) => secondIds.includes(id))).toEqual([])
  })

  it('finds nothing for a word no readable atom has', async () => {
    expect((await client.get(`/api/v1/search?q=${uniqueWord('absent')}`)).data).toEqual({ items: [], total: 0 })
  })

  it('only searches documents the user may read', async () => {
    const other = (await signedInClient('other-searcher')).client
    expect((await other.get(`/api/v1/search?q=${word}`)).data).toEqual({ items: [], total: 0 })
    const otherWord = uniqueWord('quor')
    await other.uploadReady('theirs.md', markdownChapter(otherWord))
    expect((await client.get(`/api/v1/search?q=${otherWord}`)).data).toEqual({ items: [], total: 0 })
    expect((await other.get(`/api/v1/search?q=${otherWord}`)).data.total).toBe(1)
  })

  it('refuses a missing or empty query, and bad paging, with 422', async () => {
    for (const query of ['', '?q=', '?q=%20%20', `?q=${word}&limit=0`, `?q=${word}&limit=51`, `?q=${word}&offset=-1`, `?q=${word}&limit=ten`]) {
      const problem = expectProblem(await client.get(`/api/v1/search${query}`), 422)
      expect(problem.errors?.length).toBeGreaterThan(0)
    }
  })

  it('filters by atom type and by difficulty, each one value or a comma-separated list', async () => {
    const atoms = (await client.getAll(`/api/v1/documents/${documentId}/atoms`)).filter(atom => /\bdiagram/i.test(atom.text))
    const idsOf = (response: { data: { items: { atom: { id: string } }[] } }) => response.data.items.map(item => item.atom.id).sort()
    const expected = (keep: (atom: { type: string, difficultyLabel: string }) => boolean) => atoms.filter(keep).map(atom => atom.id).sort()
    const { type, difficultyLabel } = atoms[0]!

    const byType = await client.get(`/api/v1/search?q=diagram&limit=50&type=${type}`)
    expect(byType.status).toBe(200)
    expect(idsOf(byType)).toEqual(expected(atom => atom.type === type))
    expect(byType.data.total).toBe(expected(atom => atom.type === type).length)
    for (const item of byType.data.items) expect(item.atom.type).toBe(type)

    const byDifficulty = await client.get(`/api/v1/search?q=diagram&limit=50&difficulty=${difficultyLabel}`)
    expect(idsOf(byDifficulty)).toEqual(expected(atom => atom.difficultyLabel === difficultyLabel))

    const both = await client.get(`/api/v1/search?q=diagram&limit=50&type=${type}&difficulty=${difficultyLabel}`)
    expect(idsOf(both)).toEqual(expected(atom => atom.type === type && atom.difficultyLabel === difficultyLabel))

    const everyType = [...new Set(atoms.map(atom => atom.type))].join(',')
    expect(idsOf(await client.get(`/api/v1/search?q=diagram&limit=50&type=${everyType}`))).toEqual(expected(() => true))
    expect(idsOf(await client.get(`/api/v1/search?q=diagram&limit=50&difficulty=easy,medium,hard`))).toEqual(expected(() => true))

    const absentType = ['concept', 'definition', 'example', 'procedure', 'fact', 'summary', 'exercise', 'other'].find(name => !atoms.some(atom => atom.type === name))
    if (absentType) expect((await client.get(`/api/v1/search?q=diagram&type=${absentType}`)).data).toEqual({ items: [], total: 0 })
  })

  it('refuses an unknown type or difficulty with 422 naming the parameter', async () => {
    for (const [query, name] of [['type=novel', 'type'], ['type=concept,novel', 'type'], ['difficulty=trivial', 'difficulty'], ['difficulty=EASY', 'difficulty']]) {
      const problem = expectProblem(await client.get(`/api/v1/search?q=${word}&${query}`), 422)
      expect(problem.errors?.map(error => error.path.split('.')[0])).toContain(name)
    }
  })

  it('treats HTML and regular-expression characters in the query as text', async () => {
    for (const q of ['<script>alert(1)</script>', '.*', '(((', `${word}|.*`]) {
      const response = await client.get(`/api/v1/search?q=${encodeURIComponent(q)}`)
      expect(response.status).toBe(200)
      for (const item of response.data.items) for (const excerpt of item.highlights) expect(excerpt).not.toMatch(/<(?!\/?mark>)/)
    }
  })
})

describe('GET /api/v1/search/suggest', () => {
  let client: ApiClient
  let word: string

  /** Sections long enough to stay one atom each, headed by the word to be suggested. */
  const chapter = (headingWord: string) => [
    '# Suggestions',
    `## The ${headingWord} method`,
    'This section explains a method step by step, with enough words in it that it stays an atom of its own and is not merged with any neighbouring section of the chapter.',
    `## Using ${headingWord} in practice`,
    'This section shows the method at work on a small worked case, again with enough words in it that it stays an atom of its own in the chapter.',
  ].join('\n\n')

  beforeAll(async () => {
    client = (await signedInClient('suggester')).client
    word = uniqueWord('sugg')
    await client.uploadReady('suggest.md', chapter(word))
  })

  it('completes the last word from the titles of readable atoms', async () => {
    const prefix = word.slice(0, word.length - 3)
    const response = await client.get(`/api/v1/search/suggest?q=${prefix}`)
    expect(response.status).toBe(200)
    expect(response.data.suggestions).toContain(word)
    for (const suggestion of response.data.suggestions) expect(suggestion.startsWith(prefix)).toBe(true)
    const phrase = await client.get(`/api/v1/search/suggest?q=${encodeURIComponent(`how to ${prefix}`)}`)
    expect(phrase.data.suggestions).toContain(`how to ${word}`)
  })

  it('offers nothing once the word is finished, and caps the list at the limit', async () => {
    expect((await client.get(`/api/v1/search/suggest?q=${encodeURIComponent(`${word} `)}`)).data).toEqual({ suggestions: [] })
    expect((await client.get(`/api/v1/search/suggest?q=${word.slice(0, 5)}&limit=1`)).data.suggestions.length).toBeLessThanOrEqual(1)
  })

  it('only suggests words of documents the user may read', async () => {
    const other = (await signedInClient('other-suggester')).client
    expect((await other.get(`/api/v1/search/suggest?q=${word.slice(0, word.length - 3)}`)).data).toEqual({ suggestions: [] })
  })

  it('needs a session, and refuses a missing query or a bad limit with 422', async () => {
    expectProblem(await new ApiClient().get(`/api/v1/search/suggest?q=${word}`), 401)
    for (const query of ['', '?q=', '?q=%20%20', `?q=${word}&limit=0`, `?q=${word}&limit=21`]) {
      const problem = expectProblem(await client.get(`/api/v1/search/suggest${query}`), 422)
      expect(problem.errors?.length).toBeGreaterThan(0)
    }
  })
})

describe('GET /api/v1/search: precision', () => {
  let client: ApiClient
  let atoms: { id: string, title: string, text: string }[]
  const ids = (data: { items: { atom: { id: string } }[] }) => data.items.map(item => item.atom.id).sort()
  const mentioning = (pattern: RegExp) => atoms.filter(atom => pattern.test(`${atom.title} ${atom.text}`)).map(atom => atom.id).sort()

  beforeAll(async () => {
    client = (await signedInClient('precise-searcher')).client
    const chapter = [
      '# Cities of the Americas',
      '## Tenochtitlán',
      'Tenochtitlán was the capital of the Aztec empire. The city stood on an island in Lake Texcoco, and the causeways joined it to the shore.',
      '## The Hopewell culture',
      'The Hopewell people built earthen mounds along the rivers of the Ohio valley. Their trade routes carried copper and shells across the continent.',
      '## Cahokia',
      'Cahokia was the largest city north of Mexico. Its people farmed maize in the floodplain and built a great mound at the centre of the town.',
    ].join('\n\n')
    const documentId = (await client.uploadReady('americas.md', chapter)).id
    atoms = await client.getAll(`/api/v1/documents/${documentId}/atoms`)
    expect(mentioning(/\bthe\b/i).length).toBeGreaterThan(2)
  })

  it('answers no results to a query of stop words alone, though every atom has them', async () => {
    for (const q of ['the', 'The', 'their', 'what is the']) {
      expect((await client.get(`/api/v1/search?q=${encodeURIComponent(q)}`)).data).toEqual({ items: [], total: 0 })
    }
  })

  it('finds a word whatever its accents, typed with or without them, and marks it as written', async () => {
    const withAccent = (await client.get(`/api/v1/search?q=${encodeURIComponent('Tenochtitlán')}`)).data
    const without = (await client.get('/api/v1/search?q=Tenochtitlan')).data
    expect(ids(without)).toEqual(mentioning(/Tenochtitlán/))
    expect(ids(withAccent)).toEqual(ids(without))
    expect(without.total).toBe(mentioning(/Tenochtitlán/).length)
    expect(without.items[0].highlights.join(' ')).toContain('<mark>Tenochtitlán</mark>')
  })

  it('counts what matched, and marks no stop word', async () => {
    const { data } = await client.get('/api/v1/search?q=the%20mound')
    expect(ids(data)).toEqual(mentioning(/\bmound/i))
    expect(data.total).toBe(data.items.length)
    for (const item of data.items) expect(item.highlights.join(' ')).not.toMatch(/<mark>(?:the|their|of|and)<\/mark>/i)
  })

  it('answers no results to words in no atom, rather than atoms found by loose meaning', async () => {
    // The built-in encoder puts "painting" at a cosine of about 0.55 from atoms on chemical bonds: related
    // by nothing a learner would see, and under the similarity floor of a search by meaning.
    await client.uploadReady('chemical-bonding.html', new Uint8Array(readFileSync(join(corpusDir, 'chemical-bonding.html'))))
    for (const q of ['painting', 'watercolour painting', 'photosynthesis', 'quantum entanglement', 'blockchain']) {
      expect((await client.get(`/api/v1/search?q=${encodeURIComponent(q)}`)).data).toEqual({ items: [], total: 0 })
    }
    // While a word of the text still finds it.
    expect((await client.get('/api/v1/search?q=covalent')).data.total).toBeGreaterThan(0)
  })
})
