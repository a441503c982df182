import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { markdownChapter, plainTextChapter, uniqueWord } from '../support/content'
import { signedInClient, type ApiClient } from '../support/http'
import { expectProblem } from '../support/problems'

const dataDir = inject('dataDir')
const documentFolder = (id: string) => join(dataDir, 'files', 'documents', id)
const filesIn = (folder: string) => existsSync(folder) ? readdirSync(folder, { recursive: true, withFileTypes: true }).filter(entry => entry.isFile()) : []

describe('uploading and reading documents', () => {
  let client: ApiClient
  let userId: string

  beforeAll(async () => {
    const signedIn = await signedInClient('docs')
    client = signedIn.client
    userId = signedIn.user.id
  })

  it('accepts a Markdown upload with 202, then atomizes it until ready', async () => {
    const word = uniqueWord()
    const content = markdownChapter(word)
    const response = await client.upload('cell-biology_notes.md', content)
    expect(response.status).toBe(202)
    expect(response.data).toEqual({ id: expect.any(String), status: 'queued' })

    const ready = await client.waitForDocument(response.data.id)
    expect(ready).toMatchObject({
      id: response.data.id, ownerId: userId, title: 'Energy in living things', filename: 'cell-biology_notes.md', format: 'markdown',
      size: Buffer.byteLength(content), status: 'ready', progress: 1,
    })
    expect(ready.atomCount).toBeGreaterThanOrEqual(5)
    expect(ready.error).toBeUndefined()
    expect(ready.stage).toBeUndefined()

    const atoms = await client.getAll(`/api/v1/documents/${ready.id}/atoms`)
    expect(atoms).toHaveLength(ready.atomCount)
    expect(atoms.map(atom => atom.order)).toEqual(atoms.map((_, i) => i))
    expect(new Set(atoms.map(atom => atom.id)).size).toBe(atoms.length)
    for (const atom of atoms) {
      expect(atom).toMatchObject({ documentId: ready.id, title: expect.any(String), body: expect.any(String), html: expect.any(String), text: expect.any(String) })
      expect(atom.headingTrail[0]).toBe('Energy in living things')
    }
    expect(atoms.some(atom => atom.text.includes(word))).toBe(true)
  })

  it('uses the title sent with the upload', async () => {
    const response = await client.upload('whatever.md', markdownChapter(uniqueWord(), 2), { title: '  My own title  ' })
    expect(response.status).toBe(202)
    expect((await client.get(`/api/v1/documents/${response.data.id}`)).data.title).toBe('My own title')
  })

  it('names a document without a given title after its own heading once it is read', async () => {
    const response = await client.upload('chapter_07-draft.md', `# Tides and the Moon\n\n${markdownChapter(uniqueWord(), 1)}`)
    expect((await client.get(`/api/v1/documents/${response.data.id}`)).data.title).toBe('Chapter 07 draft')
    expect((await client.waitForDocument(response.data.id)).title).toBe('Tides and the Moon')
  })

  it('atomizes plain text, reading short standalone lines as headings', async () => {
    const word = uniqueWord()
    const response = await client.upload('notes.txt', plainTextChapter(word), { type: 'text/plain' })
    expect(response.status).toBe(202)
    const ready = await client.waitForDocument(response.data.id)
    expect(ready).toMatchObject({ status: 'ready', format: 'text' })
    const atoms = await client.getAll(`/api/v1/documents/${ready.id}/atoms`)
    expect(atoms.map(atom => atom.headingTrail)).toEqual([['Light reactions'], ['Calvin cycle'], ['Cellular respiration'], ['Fermentation']])
    expect(atoms[0].text).toContain(word)
  })

  it('pages through the atoms of a document with nextCursor, in order, without gaps or duplicates', async () => {
    const ready = await client.uploadReady('paged.md', markdownChapter(uniqueWord(), 7))
    const first = await client.get(`/api/v1/documents/${ready.id}/atoms?limit=3`)
    expect(first.status).toBe(200)
    expect(first.data.items).toHaveLength(3)
    expect(first.data.nextCursor).toEqual(expect.any(String))
    const seen = [...first.data.items]
    let cursor: string | undefined = first.data.nextCursor
    while (cursor) {
      const page = await client.get(`/api/v1/documents/${ready.id}/atoms?limit=3&cursor=${encodeURIComponent(cursor)}`)
      expect(page.status).toBe(200)
      expect(page.data.items.length).toBeGreaterThan(0)
      seen.push(...page.data.items)
      cursor = page.data.nextCursor
    }
    expect(seen.map(atom => atom.order)).toEqual(Array.from({ length: ready.atomCount }, (_, i) => i))
    const all = await client.get(`/api/v1/documents/${ready.id}/atoms?limit=100`)
    expect(all.data.nextCursor).toBeUndefined()
    expect(all.data.items).toEqual(seen)
  })

  it('gives each atom its unit vector and its encoder\'s version with include=embedding (for offline search), and leaves them out otherwise', async () => {
    const ready = await client.uploadReady('vectors.md', markdownChapter(uniqueWord(), 3))
    const plain = await client.get(`/api/v1/documents/${ready.id}/atoms?limit=100`)
    expect(plain.data.items.every((atom: Record<string, unknown>) => !('embedding' in atom))).toBe(true)
    const withVectors = await client.get(`/api/v1/documents/${ready.id}/atoms?limit=100&include=embedding`)
    expect(withVectors.status).toBe(200)
    expect(withVectors.data.items).toHaveLength(plain.data.items.length)
    const { data: encoder } = await client.get('/api/v1/embeddings')
    for (const [i, atom] of (withVectors.data.items as { embedding: number[], embeddingVersion: string }[]).entries()) {
      const { embedding, embeddingVersion, ...rest } = atom
      expect(rest).toEqual(plain.data.items[i])
      expect(embeddingVersion).toBe(encoder.version)
      expect(embedding).toHaveLength(64)
      expect(embedding.reduce((sum, value) => sum + value * value, 0)).toBeCloseTo(1, 3)
    }
    expectProblem(await client.get(`/api/v1/documents/${ready.id}/atoms?include=vectors`), 422)
  })

  it('gets a single atom by id, the same as in the list', async () => {
    const ready = await client.uploadReady('single.md', markdownChapter(uniqueWord(), 3))
    const { data } = await client.get(`/api/v1/documents/${ready.id}/atoms`)
    for (const listed of data.items) {
      const single = await client.get(`/api/v1/atoms/${listed.id}`)
      expect(single.status).toBe(200)
      expect(single.data).toEqual(listed)
    }
  })

  it('lists my documents newest first, a page at a time', async () => {
    const { client: own } = await signedInClient('lister')
    const ids: string[] = []
    for (let i = 0; i < 5; i++) ids.push((await own.upload(`doc-${i}.md`, markdownChapter(uniqueWord(), 1))).data.id)
    const first = await own.get('/api/v1/documents?limit=2')
    expect(first.status).toBe(200)
    expect(first.data.items).toHaveLength(2)
    expect(first.data.nextCursor).toEqual(expect.any(String))
    const all = await own.getAll('/api/v1/documents', 2)
    expect(all.map(document => document.id).sort()).toEqual([...ids].sort())
    const times = all.map(document => document.createdAt)
    expect(times).toEqual([...times].sort().reverse())
    // Uploads a millisecond apart or more come back exactly newest first.
    if (new Set(times).size === times.length) expect(all.map(document => document.id)).toEqual([...ids].reverse())
    expect((await own.get('/api/v1/documents?limit=5')).data.nextCursor).toBeUndefined()
    expect(all.every(document => document.ownerId === first.data.items[0].ownerId)).toBe(true)
  })

  it('deletes a document with its atoms, its search hits and its stored file', async () => {
    const word = uniqueWord()
    const ready = await client.uploadReady('to-delete.md', markdownChapter(word))
    const atoms = await client.getAll(`/api/v1/documents/${ready.id}/atoms`)
    expect((await client.get(`/api/v1/search?q=${word}`)).data.items).toHaveLength(1)
    const stored = filesIn(documentFolder(ready.id))
    expect(stored).toHaveLength(1)
    expect(readFileSync(join(stored[0]!.parentPath, stored[0]!.name), 'utf8')).toContain(word)

    const response = await client.delete(`/api/v1/documents/${ready.id}`)
    expect(response.status).toBe(204)
    expect(response.data).toBe('')

    expectProblem(await client.get(`/api/v1/documents/${ready.id}`), 404)
    expectProblem(await client.get(`/api/v1/documents/${ready.id}/atoms`), 404)
    for (const atom of atoms) expectProblem(await client.get(`/api/v1/atoms/${atom.id}`), 404)
    expect(await client.get(`/api/v1/search?q=${word}`)).toMatchObject({ status: 200, data: { items: [], total: 0 } })
    expect(filesIn(documentFolder(ready.id))).toEqual([])
    expect((await client.getAll('/api/v1/documents')).map(document => document.id)).not.toContain(ready.id)
    expectProblem(await client.delete(`/api/v1/documents/${ready.id}`), 404)
  })

  it('fails a document that has headings but no text, with a clear error', async () => {
    const response = await client.upload('headings.md', '# Title\n\n## Only headings\n\n### Nothing else\n')
    expect(response.status).toBe(202)
    const done = await client.waitForDocument(response.data.id)
    expect(done).toMatchObject({ status: 'failed', atomCount: 0, error: expect.stringMatching(/no readable text/i) })
  })

  it('reprocesses a document into the same atoms', async () => {
    const ready = await client.uploadReady('again.md', markdownChapter(uniqueWord(), 4))
    const before = await client.getAll(`/api/v1/documents/${ready.id}/atoms`)
    const response = await client.post(`/api/v1/documents/${ready.id}/reprocess`)
    expect(response.status).toBe(202)
    const again = await client.waitForDocument(ready.id)
    expect(again).toMatchObject({ status: 'ready', atomCount: before.length })
    const after = await client.getAll(`/api/v1/documents/${ready.id}/atoms`)
    expect(after.map(atom => atom.id)).toEqual(before.map(atom => atom.id))
  })
})
