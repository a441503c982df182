import { beforeAll, describe, expect, it } from 'vitest'
import { markdownChapter, uniqueWord } from '../support/content'
import { ApiClient, signedInClient } from '../support/http'
import { expectProblem } from '../support/problems'

const MiB = 1024 * 1024

describe('bad input', () => {
  let client: ApiClient
  let documentId: string
  let atomId: string

  beforeAll(async () => {
    client = (await signedInClient('bad-input')).client
    documentId = (await client.uploadReady('good.md', markdownChapter(uniqueWord(), 2))).id
    atomId = (await client.get(`/api/v1/documents/${documentId}/atoms`)).data.items[0].id
  })

  describe('rejected uploads', () => {
    const bytes = (text: string) => new TextEncoder().encode(text)

    it.each([
      ['an empty file', 'empty.md', new Uint8Array(0), 'text/markdown', 400, /empty/i],
      ['a whitespace-only file', 'blank.md', bytes(' \n\n\t  \r\n '), 'text/markdown', 400, /empty/i],
      ['a whitespace-only text file', 'blank.txt', bytes('\n\n\n'), 'text/plain', 400, /empty/i],
      ['an unsupported extension', 'program.exe', bytes('MZ not really a program'), 'application/octet-stream', 415, /not a supported format/],
      ['a supported media type with an unsupported extension', 'notes.exe', bytes('# Notes\n\ntext'), 'text/markdown', 415, /supported/],
      ['invalid UTF-8', 'latin1.md', new Uint8Array([0x23, 0x20, 0x43, 0x61, 0x66, 0xE9, 0x0A, 0xFF, 0xFE]), 'text/markdown', 400, /UTF-8/],
      ['a PDF that is not one', 'fake.pdf', bytes('just text pretending'), 'application/pdf', 400, /not a PDF/],
      ['a file just over 1 MiB', 'big.md', new Uint8Array(MiB + 1).fill(0x61), 'text/markdown', 413, /limit of 1 MiB\./],
      ['a file far over 1 MiB', 'huge.md', new Uint8Array(3 * MiB).fill(0x61), 'text/markdown', 413, /limit of 1 MiB\./],
    ])('refuses %s', async (_case, filename, content, type, status, detail) => {
      const problem = expectProblem(await client.upload(filename, content as Uint8Array<ArrayBuffer>, { type }), status, '/api/v1/documents')
      expect(problem.detail).toMatch(detail)
    })

    it('accepts a file of exactly 1 MiB', async () => {
      // A code block is cheap to atomize, so this does not hold up the queue other tests share.
      const head = '# Exactly one mebibyte\n\n```text\n'
      const tail = '\n```\n'
      const content = `${head}${'a'.repeat(MiB - head.length - tail.length)}${tail}`
      expect(Buffer.byteLength(content)).toBe(MiB)
      const response = await client.upload('exact.md', content)
      expect(response.status).toBe(202)
      // Keep the document list as the after-all check expects it.
      expect((await client.delete(`/api/v1/documents/${response.data.id}`)).status).toBe(204)
    })

    it('refuses an upload without a file field with 422', async () => {
      const form = new FormData()
      form.set('title', 'No file here')
      form.set('document', 'a plain field, not a file')
      const problem = expectProblem(await client.request('POST', '/api/v1/documents', { body: form }), 422)
      expect(problem.errors).toEqual([{ path: 'file', message: expect.any(String) }])
    })

    it('refuses a title that is too long with 422', async () => {
      const problem = expectProblem(await client.upload('titled.md', '# T\n\ntext here', { title: 'x'.repeat(201) }), 422)
      expect(problem.errors?.map(error => error.path)).toEqual(['title'])
    })

    it('refuses a body that is not multipart with 415', async () => {
      expectProblem(await client.post('/api/v1/documents', { file: '# Title\n\ntext' }), 415)
    })
  })

  describe('malformed JSON', () => {
    it.each(['/api/v1/auth/login', '/api/v1/auth/register', `/api/v1/documents/{id}/shares`])('is a 400 on %s', async (path) => {
      const response = await client.request('POST', path.replace('{id}', documentId), { body: '{"email": "a@b.c", ', headers: { 'content-type': 'application/json' } })
      const problem = expectProblem(response, 400)
      expect(problem.detail).toMatch(/JSON/)
    })
  })

  describe('unknown things', () => {
    it('answers 404 for unknown document and atom ids', async () => {
      const unknown = '11111111-2222-4333-8444-555555555555'
      expectProblem(await client.get(`/api/v1/documents/${unknown}`), 404, `/api/v1/documents/${unknown}`)
      expectProblem(await client.get(`/api/v1/documents/${unknown}/atoms`), 404)
      expectProblem(await client.get(`/api/v1/documents/${unknown}/reading-order`), 404)
      expectProblem(await client.delete(`/api/v1/documents/${unknown}`), 404)
      expectProblem(await client.get('/api/v1/atoms/NoSuchAtomId0000000000'), 404)
    })

    it('answers 422 for ids with characters no id has', async () => {
      expectProblem(await client.get('/api/v1/documents/bad%20id!'), 422)
      expectProblem(await client.get(`/api/v1/atoms/${'x'.repeat(65)}`), 422)
    })

    it('answers 404 for unknown API paths, whatever the method', async () => {
      expectProblem(await client.get('/api/v1/nothing-here'), 404, '/api/v1/nothing-here')
      expectProblem(await client.post('/api/v1/documents/x/y/z', {}), 404)
      expectProblem(await new ApiClient().get('/api/nope'), 404)
      expectProblem(await new ApiClient().request('DELETE', '/api/unknown/path'), 404)
    })
  })

  describe('paging', () => {
    it('answers 400 for a cursor that is not one of ours', async () => {
      for (const cursor of ['garbage', 'W10', Buffer.from('["a"]').toString('base64url')]) {
        expectProblem(await client.get(`/api/v1/documents?cursor=${cursor}`), 400)
        expectProblem(await client.get(`/api/v1/documents/${documentId}/atoms?cursor=${cursor}`), 400)
      }
    })

    it('answers 400 for a cursor of the other list, and 422 for a bad limit or scope', async () => {
      const documentsCursor = Buffer.from(JSON.stringify(['2026-01-01T00:00:00.000Z', documentId])).toString('base64url')
      const atomsCursor = Buffer.from(JSON.stringify([0])).toString('base64url')
      expect((await client.get(`/api/v1/documents?cursor=${documentsCursor}`)).status).toBe(200)
      expect((await client.get(`/api/v1/documents/${documentId}/atoms?cursor=${atomsCursor}`)).status).toBe(200)
      expectProblem(await client.get(`/api/v1/documents/${documentId}/atoms?cursor=${documentsCursor}`), 400)
      expectProblem(await client.get(`/api/v1/documents?cursor=${atomsCursor}`), 400)
      for (const query of ['limit=0', 'limit=101', 'limit=abc', 'scope=everyone']) expectProblem(await client.get(`/api/v1/documents?${query}`), 422)
      expectProblem(await client.get(`/api/v1/documents/${documentId}/atoms?limit=-1`), 422)
    })
  })

  // Runs last: after all of the above, nothing was stored for a rejected upload and the server still serves.
  it('stored nothing for the rejected uploads and keeps serving', async () => {
    const documents = await client.getAll('/api/v1/documents')
    expect(documents.map(document => document.id)).toEqual([documentId])
    expect((await new ApiClient().get('/api/health')).data).toMatchObject({ status: 'ok' })
    expect((await client.get(`/api/v1/documents/${documentId}`)).data.status).toBe('ready')
    expect((await client.get(`/api/v1/atoms/${atomId}`)).status).toBe(200)
  })
})
