import { request } from 'node:http'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { markdownChapter, uniqueWord } from '../support/content'
import { signedInClient, type ApiClient } from '../support/http'
import { expectProblem } from '../support/problems'

/** A raw HTTP GET, so the test sees the bytes and headers as sent (fetch would decompress). */
function rawGet(path: string, headers: Record<string, string>) {
  return new Promise<{ status: number, headers: Record<string, string | string[] | undefined>, body: Buffer }>((resolve, reject) => {
    const url = new URL(path, inject('baseURL'))
    request(url, { headers }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', chunk => chunks.push(chunk))
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }))
    }).on('error', reject).end()
  })
}

describe('HTTP behaviour every API route shares', () => {
  let author: ApiClient
  let documentId: string

  beforeAll(async () => {
    ;({ client: author } = await signedInClient('http', 'author'))
    documentId = (await author.uploadReady('chapter.md', markdownChapter(uniqueWord('etag'), 6))).id
  })

  describe('request ids', () => {
    it('gives every response an X-Request-Id, and a new one each time', async () => {
      const first = await author.get('/api/v1/auth/me')
      const second = await author.get('/api/v1/auth/me')
      expect(first.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
      expect(second.headers.get('x-request-id')).not.toBe(first.headers.get('x-request-id'))
    })

    it('keeps the caller\'s id, and quotes it in problem details', async () => {
      const response = await author.request('GET', '/api/v1/documents/no-such-document', { headers: { 'x-request-id': 'trace-42.a' } })
      expect(response.headers.get('x-request-id')).toBe('trace-42.a')
      expect(expectProblem(response, 404).requestId).toBe('trace-42.a')
    })

    it('replaces an id that could break a log line', async () => {
      const response = await author.request('GET', '/api/v1/auth/me', { headers: { 'x-request-id': 'a b' } })
      expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
    })
  })

  describe('ETag and If-None-Match', () => {
    it('answers a read whose ETag the client has with 304 and no body, and sends it again once it changed', async () => {
      const path = `/api/v1/documents/${documentId}`
      const first = await author.get(path)
      const eTag = first.headers.get('etag')!
      expect(eTag).toMatch(/^W\/".+"$/)
      expect(first.headers.get('cache-control')).toBe('private, no-cache')

      const again = await author.request('GET', path, { headers: { 'if-none-match': eTag } })
      expect(again.status).toBe(304)
      expect(again.data).toBe('')
      expect(again.headers.get('etag')).toBe(eTag)

      expect((await author.request('PUT', `${path}/collection`, { json: { collectionId: null } })).status).toBe(200)
      const renamedCollection = await author.post('/api/v1/collections', { name: 'ETag shelf' })
      expect((await author.put(`${path}/collection`, { collectionId: renamedCollection.data.id })).status).toBe(200)
      const changed = await author.request('GET', path, { headers: { 'if-none-match': eTag } })
      expect(changed.status).toBe(200)
      expect(changed.data.collectionId).toBe(renamedCollection.data.id)
      expect(changed.headers.get('etag')).not.toBe(eTag)
    })

    it('never answers 304 to another user: the body, and so the tag, is what each may see', async () => {
      const path = `/api/v1/documents/${documentId}`
      const eTag = (await author.get(path)).headers.get('etag')!
      const { client: stranger } = await signedInClient('http-stranger', 'learner')
      expectProblem(await stranger.request('GET', path, { headers: { 'if-none-match': eTag } }), 404)
    })

    it('gives writes no ETag', async () => {
      const created = await author.post('/api/v1/collections', { name: 'No tag' })
      expect(created.status).toBe(201)
      expect(created.headers.get('etag')).toBeNull()
    })
  })

  describe('compression', () => {
    const atomsPath = () => `/api/v1/documents/${documentId}/atoms?limit=100`

    it('sends JSON brotli-compressed to a client that accepts it, gzip to one that accepts only gzip, and plain otherwise', async () => {
      const cookie = author.cookieHeader
      const plain = await rawGet(atomsPath(), { cookie })
      expect(plain.status).toBe(200)
      expect(plain.headers['content-encoding']).toBeUndefined()
      const json = JSON.parse(plain.body.toString('utf8'))
      expect(json.items.length).toBeGreaterThan(3)

      const br = await rawGet(atomsPath(), { cookie, 'accept-encoding': 'gzip, deflate, br' })
      expect(br.headers['content-encoding']).toBe('br')
      expect(br.headers.vary).toMatch(/accept-encoding/i)
      expect(JSON.parse(brotliDecompressSync(br.body).toString('utf8'))).toEqual(json)
      expect(br.body.byteLength).toBeLessThan(plain.body.byteLength / 2)

      const gzip = await rawGet(atomsPath(), { cookie, 'accept-encoding': 'gzip' })
      expect(gzip.headers['content-encoding']).toBe('gzip')
      expect(JSON.parse(gunzipSync(gzip.body).toString('utf8'))).toEqual(json)
      // The same resource in any encoding: one ETag.
      expect(gzip.headers.etag).toBe(plain.headers.etag)
      expect(br.headers.etag).toBe(plain.headers.etag)
    })

    it('compresses server-rendered pages too', async () => {
      const page = await rawGet('/login', { 'accept-encoding': 'br' })
      expect(page.status).toBe(200)
      expect(page.headers['content-encoding']).toBe('br')
      expect(brotliDecompressSync(page.body).toString('utf8')).toContain('<html')
    })
  })
})
