import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FileStore } from '../../../../server/drivers/files/types'

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

    it('does not let a later change of the input buffer change the stored object', async () => {
      const data = bytes('stable')
      await files.put('documents/d1/v1', data, 'text/plain')
      data.fill(0)
      expect((await files.get('documents/d1/v1'))!.toString()).toBe('stable')
    })
  })
}
