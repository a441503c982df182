import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FileStore } from '../../server/drivers/files/types'

const bytes = (text: string) => new TextEncoder().encode(text)

/** What every `FileStore` driver must do. `create` returns a fresh, empty store; the suite closes it after each test. */
export function describeFileStoreContract(name: string, create: () => Promise<FileStore> | FileStore) {
  describe(`FileStore contract: ${name}`, () => {
    let files: FileStore

    beforeEach(async () => {
      files = await create()
    })

    afterEach(async () => {
      await files.close()
    })

    it('gets back exactly the bytes put, as a Buffer', async () => {
      await files.put('documents/d1/v1', bytes('# Title\n\nSome text.'), 'text/markdown')
      const got = await files.get('documents/d1/v1')
      expect(Buffer.isBuffer(got)).toBe(true)
      expect(got!.toString('utf8')).toBe('# Title\n\nSome text.')
    })

    it('keeps arbitrary binary data intact', async () => {
      const data = new Uint8Array(70_000).map((_, i) => (i * 31 + 7) % 256)
      await files.put('documents/binary/v1', data, 'application/octet-stream')
      expect(new Uint8Array((await files.get('documents/binary/v1'))!)).toEqual(data)
    })

    it('stores an empty object', async () => {
      await files.put('documents/empty/v1', new Uint8Array(0), 'text/plain')
      expect((await files.get('documents/empty/v1'))?.byteLength).toBe(0)
    })

    it('gives null for a missing key', async () => {
      expect(await files.get('documents/missing/v1')).toBeNull()
      await files.put('documents/present/v1', bytes('x'), 'text/plain')
      expect(await files.get('documents/present/v2')).toBeNull()
      expect(await files.get('documents/present')).toBeNull()
    })

    it('replaces an object put again under the same key', async () => {
      await files.put('documents/d1/v1', bytes('first version, longer'), 'text/plain')
      await files.put('documents/d1/v1', bytes('second'), 'text/plain')
      expect((await files.get('documents/d1/v1'))!.toString()).toBe('second')
    })

    it('keeps objects under neighbouring keys apart', async () => {
      await files.put('documents/d1/v1', bytes('one'), 'text/plain')
      await files.put('documents/d1/v2', bytes('two'), 'text/plain')
      await files.put('documents/d2/v1', bytes('three'), 'text/plain')
      expect((await files.get('documents/d1/v1'))!.toString()).toBe('one')
      expect((await files.get('documents/d1/v2'))!.toString()).toBe('two')
      expect((await files.get('documents/d2/v1'))!.toString()).toBe('three')
    })

    it('deletes an object, and leaves the others', async () => {
      await files.put('documents/d1/v1', bytes('one'), 'text/plain')
      await files.put('documents/d1/v2', bytes('two'), 'text/plain')
      await files.delete('documents/d1/v1')
      expect(await files.get('documents/d1/v1')).toBeNull()
      expect((await files.get('documents/d1/v2'))!.toString()).toBe('two')
    })

    it('deletes a missing key without an error', async () => {
      await expect(files.delete('documents/never/v1')).resolves.toBeUndefined()
      await files.put('documents/once/v1', bytes('x'), 'text/plain')
      await files.delete('documents/once/v1')
      await expect(files.delete('documents/once/v1')).resolves.toBeUndefined()
    })

    it('tells the size of an object without reading it, and null for a missing one', async () => {
      await files.put('documents/d1/v1', bytes('five!'), 'text/plain')
      await files.put('documents/empty/v1', new Uint8Array(0), 'text/plain')
      expect(await files.stat('documents/d1/v1')).toEqual({ size: 5 })
      expect(await files.stat('documents/empty/v1')).toEqual({ size: 0 })
      expect(await files.stat('documents/d1/v2')).toBeNull()
      expect(await files.stat('documents/d1')).toBeNull()
      await files.delete('documents/d1/v1')
      expect(await files.stat('documents/d1/v1')).toBeNull()
    })

    it('rejects unsafe keys in every method', async () => {
      for (const key of ['../x', 'documents/../x', '/etc/passwd', 'a//b', '']) {
        await expect(files.put(key, bytes('x'), 'text/plain')).rejects.toThrow(/unsafe/)
        await expect(files.get(key)).rejects.toThrow(/unsafe/)
        await expect(files.stat(key)).rejects.toThrow(/unsafe/)
        await expect(files.delete(key)).rejects.toThrow(/unsafe/)
        await expect(files.presignUpload(key, { contentType: 'text/plain', maxBytes: 10, expiresSeconds: 60 })).rejects.toThrow(/unsafe/)
        await expect(files.presignDownload(key, { filename: 'x.txt', contentType: 'text/plain', expiresSeconds: 60 })).rejects.toThrow(/unsafe/)
      }
    })

    it('presigns both uploads and downloads, or neither (then the server carries the bytes)', async () => {
      const upload = await files.presignUpload('uploads/u1/a', { contentType: 'text/markdown', maxBytes: 1024, expiresSeconds: 60 })
      const download = await files.presignDownload('uploads/u1/a', { filename: 'a.md', contentType: 'text/markdown', expiresSeconds: 60 })
      expect(upload === null).toBe(download === null)
      if (upload) expect(upload).toMatchObject({ url: expect.stringMatching(/^https?:\/\//), method: 'PUT', headers: { 'content-type': 'text/markdown' } })
      if (download) expect(download).toMatchObject({ url: expect.stringMatching(/^https?:\/\//), method: 'GET' })
    })

    it('stores what a browser sends to a presigned upload, and serves it back as an attachment by a presigned download', async (context) => {
      const upload = await files.presignUpload('uploads/u1/notes', { contentType: 'text/markdown', maxBytes: 1024, expiresSeconds: 60 })
      if (!upload) return context.skip('this store does not presign')
      const body = '# Café\n\nStraight from the browser.'
      const sent = await fetch(upload.url, { method: upload.method, headers: upload.headers, body })
      expect(sent.status, await sent.text()).toBe(200)
      expect((await files.get('uploads/u1/notes'))!.toString('utf8')).toBe(body)
      expect(await files.stat('uploads/u1/notes')).toEqual({ size: Buffer.byteLength(body) })

      const download = await files.presignDownload('uploads/u1/notes', { filename: 'Café notes.md', contentType: 'text/markdown; charset=utf-8', expiresSeconds: 60 })
      const got = await fetch(download!.url, { method: download!.method, headers: download!.headers })
      expect(got.status).toBe(200)
      expect(got.headers.get('content-type')).toBe('text/markdown; charset=utf-8')
      expect(got.headers.get('content-disposition')).toBe(`attachment; filename="Caf_ notes.md"; filename*=UTF-8''Caf%C3%A9%20notes.md`)
      expect(await got.text()).toBe(body)
    })

    it('does not let a later change of the input buffer change the stored object', async () => {
      const data = bytes('stable')
      await files.put('documents/d1/v1', data, 'text/plain')
      data.fill(0)
      expect((await files.get('documents/d1/v1'))!.toString()).toBe('stable')
    })
  })
}
