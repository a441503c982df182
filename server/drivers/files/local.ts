import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { randomUUID } from 'node:crypto'
import { assertSafeKey, type FileStore } from './types'

/** A folder of other objects, or a path below an object, is not an object either. */
const missing = (error: unknown) => ['ENOENT', 'EISDIR', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '')

/**
 * Files in a local folder; writes go to a temporary name first so a crash never leaves half a file.
 * It hands out no presigned requests: browsers upload and download through the server.
 */
export function createLocalFileStore(root: string): FileStore {
  const pathOf = (key: string) => {
    assertSafeKey(key)
    return join(root, ...key.split('/'))
  }
  return {
    kind: 'local',
    async put(key, data) {
      const path = pathOf(key)
      await mkdir(dirname(path), { recursive: true })
      const temporary = `${path}.${randomUUID()}.tmp`
      try {
        await writeFile(temporary, data)
        await rename(temporary, path)
      }
      catch (error) {
        await rm(temporary, { force: true }).catch(() => {})
        throw error
      }
    },
    async get(key) {
      try {
        return await readFile(pathOf(key))
      }
      catch (error) {
        if (missing(error)) return null
        throw error
      }
    },
    async stat(key) {
      try {
        const info = await stat(pathOf(key))
        return info.isFile() ? { size: info.size } : null
      }
      catch (error) {
        if (missing(error)) return null
        throw error
      }
    },
    async delete(key) {
      await rm(pathOf(key), { force: true })
    },
    async presignUpload(key) {
      assertSafeKey(key)
      return null
    },
    async presignDownload(key) {
      assertSafeKey(key)
      return null
    },
    async close() {},
  }
}
