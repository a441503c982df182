/** Object storage for uploaded originals. Keys are `/`-separated names made by the app, never by users. */
export interface FileStore {
  readonly kind: string
  put(key: string, data: Uint8Array, contentType: string): Promise<void>
  /** Null when there is no such object. */
  get(key: string): Promise<Buffer | null>
  /** Removing a missing key is not an error. */
  delete(key: string): Promise<void>
  close(): Promise<void>
}

const safeKey = /^[\w-]+(?:\/[\w.-]+)*$/

/** Rejects keys that could escape a folder or bucket prefix. */
export function assertSafeKey(key: string): void {
  if (!safeKey.test(key) || key.split('/').some(part => part === '..' || part === '.')) {
    throw new Error(`unsafe object key: ${JSON.stringify(key)}`)
  }
}
