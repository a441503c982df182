import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createLocalFileStore } from '../../../server/drivers/files/local'
import { describeFileStoreContract } from '../../contracts/files.contract'

const root = mkdtempSync(join(tmpdir(), 'atomizer-files-'))
let folders = 0
const freshDir = () => join(root, `files-${folders++}`)

afterAll(() => rmSync(root, { recursive: true, force: true }))

describeFileStoreContract('local folder', () => createLocalFileStore(freshDir()))

/** Every file under `dir`, as paths relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter(entry => entry.isFile())
    .map(entry => relative(dir, join(entry.parentPath, entry.name)))
    .sort()
}

const bytes = (text: string) => new TextEncoder().encode(text)

describe('local file store', () => {
  it('keeps objects as files under its folder, by key', async () => {
    const dir = freshDir()
    const files = createLocalFileStore(dir)
    await files.put('documents/d1/v1', bytes('hello'), 'text/plain')
    expect(readFileSync(join(dir, 'documents', 'd1', 'v1'), 'utf8')).toBe('hello')
  })

  const unsafe = ['../x', '../../etc/passwd', 'documents/../../x', 'documents/./x', '/etc/passwd', 'a//b', '', 'a/', '..', '.', 'a\\..\\b', 'a b', 'a/%2e%2e/b']

  it.each(unsafe)('rejects the unsafe key %j for put, get, delete and stat, touching nothing', async (key) => {
    const dir = freshDir()
    const parent = join(dir, '..')
    const before = readdirSync(parent).sort()
    const files = createLocalFileStore(dir)
    await expect(files.put(key, bytes('x'), 'text/plain')).rejects.toThrow(/unsafe/)
    await expect(files.get(key)).rejects.toThrow(/unsafe/)
    await expect(files.delete(key)).rejects.toThrow(/unsafe/)
    await expect(files.stat(key)).rejects.toThrow(/unsafe/)
    expect(readdirSync(parent).sort()).toEqual(before)
  })

  it('hands out no presigned requests: uploads and downloads go through the server', async () => {
    const files = createLocalFileStore(freshDir())
    await files.put('documents/d1/v1', bytes('x'), 'text/plain')
    expect(await files.presignUpload('uploads/u1/a', { contentType: 'text/plain', maxBytes: 10, expiresSeconds: 60 })).toBeNull()
    expect(await files.presignDownload('documents/d1/v1', { filename: 'x.txt', contentType: 'text/plain', expiresSeconds: 60 })).toBeNull()
  })

  it('accepts the keys the app makes', async () => {
    const files = createLocalFileStore(freshDir())
    for (const key of ['documents/3f1c0a9e-6a4b-4c1e-9d5e-2b7f8a1c0d3e/v1', 'documents/x/v1.md', 'a', 'a-b_c/d.e-f']) {
      await files.put(key, bytes(key), 'text/plain')
      expect((await files.get(key))!.toString()).toBe(key)
    }
  })

  it('leaves only complete files, never temporary ones, after many writes to one key', async () => {
    const dir = freshDir()
    const files = createLocalFileStore(dir)
    const versions = Array.from({ length: 20 }, (_, i) => `version ${i} `.repeat(500 + i))
    await Promise.all(versions.map(version => files.put('documents/d1/v1', bytes(version), 'text/plain')))
    expect(filesUnder(dir)).toEqual(['documents/d1/v1'])
    expect(versions).toContain((await files.get('documents/d1/v1'))!.toString())
  })

  it('leaves no partial or temporary file behind when a write fails', async () => {
    const dir = freshDir()
    const files = createLocalFileStore(dir)
    // A folder already sits where the object would go, so the final step of the write fails.
    mkdirSync(join(dir, 'documents', 'd1', 'v1', 'inside'), { recursive: true })
    await expect(files.put('documents/d1/v1', bytes('data'), 'text/plain')).rejects.toThrow()
    expect(filesUnder(dir)).toEqual([])
    // And a key below an existing object cannot be written either, without leftovers.
    await files.put('documents/d2', bytes('an object'), 'text/plain')
    await expect(files.put('documents/d2/v1', bytes('data'), 'text/plain')).rejects.toThrow()
    expect(filesUnder(dir)).toEqual(['documents/d2'])
  })
})
