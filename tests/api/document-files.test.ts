import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { markdownChapter, uniqueWord } from '../support/content'
import { ApiClient, shareAndAccept, signedInClient } from '../support/http'
import { expectProblem } from '../support/problems'

/** The tier's server is the embedded set-up: files stay on the server, so it sends them itself. */
describe('the original file of a document', () => {
  let alice: ApiClient
  let bob: ApiClient
  let bobEmail: string
  let documentId: string
  let content: string

  beforeAll(async () => {
    const signedIn = await signedInClient('files-alice')
    alice = signedIn.client
    const other = await signedInClient('files-bob')
    bob = other.client
    bobEmail = other.email
    content = markdownChapter(uniqueWord(), 2)
    const response = await alice.upload('Café notes.md', content)
    expect(response.status).toBe(202)
    documentId = response.data.id
  })

  it('is sent to the owner as an attachment, with its type, never to be run or cached', async () => {
    const response = await alice.get(`/api/v1/documents/${documentId}/file`)
    expect(response.status).toBe(200)
    expect(response.type).toBe('text/markdown; charset=utf-8')
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="Caf_ notes.md"; filename*=UTF-8''Caf%C3%A9%20notes.md`)
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(response.headers.get('content-security-policy')).toBe('sandbox')
    expect(response.headers.get('cache-control')).toBe('private, no-store')
    expect(response.data).toBe(content)
  })

  it('is not found for someone it is not shared with, and found once it is', async () => {
    expectProblem(await bob.get(`/api/v1/documents/${documentId}/file`), 404)
    await shareAndAccept(alice, bob, `/api/v1/documents/${documentId}/shares`, { email: bobEmail })
    const response = await bob.get(`/api/v1/documents/${documentId}/file`)
    expect(response.status).toBe(200)
    expect(response.data).toBe(content)
  })

  it('needs a session, and a document that exists', async () => {
    expectProblem(await new ApiClient().get(`/api/v1/documents/${documentId}/file`), 401)
    expectProblem(await alice.get(`/api/v1/documents/${randomUUID()}/file`), 404)
  })

  it('is the latest version after an edited file is uploaded', async () => {
    const edited = markdownChapter(uniqueWord(), 1)
    expect((await alice.replaceFile(documentId, 'edited.md', edited)).status).toBe(202)
    const response = await alice.get(`/api/v1/documents/${documentId}/file`)
    expect(response.data).toBe(edited)
    expect(response.headers.get('content-disposition')).toContain('filename="edited.md"')
  })
})

describe('direct uploads', () => {
  let author: ApiClient

  beforeAll(async () => {
    author = (await signedInClient('direct')).client
  })

  it('are unavailable on the embedded side, pointing to the multipart upload', async () => {
    const problem = expectProblem(await author.post('/api/v1/documents/uploads', { filename: 'notes.md', size: 100, contentType: 'text/markdown' }), 501)
    expect(problem.type).toBe('/problems/direct-upload-unavailable')
    expect(problem.detail).toContain('POST /api/v1/documents')
  })

  it('check the request first: fields, format, size and role', async () => {
    const invalid = expectProblem(await author.post('/api/v1/documents/uploads', { filename: '', size: 0, contentType: 'text/markdown\r\nx: y' }), 422)
    expect(invalid.errors?.map(error => error.path).sort()).toEqual(['contentType', 'filename', 'size'])
    expectProblem(await author.post('/api/v1/documents/uploads', { filename: 'tool.exe', size: 100, contentType: 'application/x-msdownload' }), 415)
    expectProblem(await author.post('/api/v1/documents/uploads', { filename: 'huge.md', size: 1024 ** 3, contentType: 'text/markdown' }), 413)
    const { client: learner } = await signedInClient('direct-learner', 'learner')
    expectProblem(await learner.post('/api/v1/documents/uploads', { filename: 'notes.md', size: 100, contentType: 'text/markdown' }), 403)
    expectProblem(await new ApiClient().post('/api/v1/documents/uploads', { filename: 'notes.md', size: 100, contentType: 'text/markdown' }), 401)
  })

  it('cannot complete an upload that was never started, nor one named by something other than an upload id', async () => {
    expectProblem(await author.post(`/api/v1/documents/uploads/${randomUUID()}/complete`), 404)
    expectProblem(await author.post(`/api/v1/documents/uploads/${randomUUID()}/complete`, { title: 'A title' }), 404)
    expectProblem(await author.post('/api/v1/documents/uploads/not-an-id/complete'), 422)
  })
})
