import { beforeAll, describe, expect, it } from 'vitest'
import { markdownChapter, uniqueWord } from '../support/content'
import { signedInClient, type ApiClient } from '../support/http'
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

  it('treats HTML and regular-expression characters in the query as text', async () => {
    for (const q of ['<script>alert(1)</script>', '.*', '(((', `${word}|.*`]) {
      const response = await client.get(`/api/v1/search?q=${encodeURIComponent(q)}`)
      expect(response.status).toBe(200)
      for (const item of response.data.items) for (const excerpt of item.highlights) expect(excerpt).not.toMatch(/<(?!\/?mark>)/)
    }
  })
})
