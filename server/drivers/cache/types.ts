/** A key-value cache of JSON values; a miss is `undefined`. Never the source of truth. */
export interface Cache {
  readonly kind: string
  get<T>(key: string): Promise<T | undefined>
  set<T>(key: string, value: T, ttlSeconds?: number): Promise<void>
  delete(key: string): Promise<void>
  close(): Promise<void>
}
