import mongoose from 'mongoose'
import { storeModels, type StoreModels } from './models'

export interface MongoStoreOptions {
  /** A `mongodb://` or `mongodb+srv://` URI. */
  uri: string
  /** Overrides the database named in the URI. */
  dbName?: string
}

/**
 * The store's models, once the connection is up and their indexes exist. Repositories reach their models
 * only through it, so every operation waits for the start without having to ask for it.
 */
export type ConnectedModels = () => Promise<StoreModels>

/**
 * The store's own connection. The first use starts it and creates the indexes, once; a failed start is
 * tried again by the next use.
 */
export function connectStore({ uri, dbName }: MongoStoreOptions): { connected: ConnectedModels, close(): Promise<void> } {
  const connection = mongoose.createConnection(uri, { ...(dbName !== undefined && { dbName }), autoIndex: false, autoCreate: false })
  const models = storeModels(connection)
  let started: Promise<StoreModels> | undefined
  let closed: Promise<void> | undefined
  return {
    connected() {
      started ??= (async () => {
        await connection.asPromise()
        for (const model of Object.values(models)) await model.createIndexes()
        return models
      })().catch((error: unknown) => {
        started = undefined // let the next use try again
        throw error
      })
      return started
    },
    async close() {
      closed ??= connection.close()
      await closed
    },
  }
}
