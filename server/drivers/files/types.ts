/** Object storage for uploaded originals. Keys are `/`-separated names made by the app, never by users. */
export interface FileStore {
  readonly kind: string
  put(key: string, data: Uint8Array, contentType: string): Promise<void>
  /** Null when there is no such object. */
  get(key: string): Promise<Buffer | null>
  /** The object's size without reading it; null when there is no such object. */
  stat(key: string): Promise<FileStat | null>
  /** Removing a missing key is not an error. */
  delete(key: string): Promise<void>
  /**
   * A request a browser sends itself to store the object under `key`, or null when this store cannot
   * hand one out (then uploads go through the server). `maxBytes` is enforced where the storage can;
   * a presigned S3 PUT cannot limit its body, so callers `stat` the object before they use it.
   */
  presignUpload(key: string, options: PresignUploadOptions): Promise<PresignedRequest | null>
  /** A request a browser sends itself to download the object as an attachment, or null (then the server streams it). */
  presignDownload(key: string, options: PresignDownloadOptions): Promise<PresignedRequest | null>
  close(): Promise<void>
}

export interface FileStat {
  size: number
}

export interface PresignUploadOptions {
  contentType: string
  maxBytes: number
  expiresSeconds: number
}

export interface PresignDownloadOptions {
  /** Offered to the browser as the name to save under. */
  filename: string
  contentType: string
  expiresSeconds: number
}

/** Send `method` to `url` with exactly these `headers` (they are part of the signature) before it expires. */
export interface PresignedRequest {
  url: string
  method: 'PUT' | 'GET'
  headers: Record<string, string>
}

const safeKey = /^[\w-]+(?:\/[\w.-]+)*$/

/** Rejects keys that could escape a folder or bucket prefix. */
export function assertSafeKey(key: string): void {
  if (!safeKey.test(key) || key.split('/').some(part => part === '..' || part === '.')) {
    throw new Error(`unsafe object key: ${JSON.stringify(key)}`)
  }
}
