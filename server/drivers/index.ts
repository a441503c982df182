import { join } from 'node:path'
import type { AppConfig } from '../config'
import { createMemoryCache } from './cache/memory'
import type { Cache } from './cache/types'
import { createMemoryEventBus } from './events/memory'
import type { EventBus } from './events/types'
import { createLocalFileStore } from './files/local'
import type { FileStore } from './files/types'
import { createMemoryQueue } from './queue/memory'
import type { JobQueue } from './queue/types'
import { createOramaIndex } from './search/orama'
import type { SearchIndex } from './search/types'
import { createSqliteStore } from './store/sqlite'
import type { DocumentStore } from './store/types'

/** Every outside dependency of the app, each behind its interface. */
export interface Drivers {
  store: DocumentStore
  cache: Cache
  search: SearchIndex
  files: FileStore
  queue: JobQueue
  events: EventBus
}

export type DriverNames = { [K in keyof Drivers]: string }

/** Chooses each driver once, from configuration. */
export function createDrivers(config: AppConfig): Drivers {
  return {
    store: createSqliteStore(join(config.dataDir, 'atomizer.sqlite')),
    cache: createMemoryCache(),
    search: createOramaIndex({ dir: join(config.dataDir, 'search') }),
    files: createLocalFileStore(join(config.dataDir, 'files')),
    queue: createMemoryQueue({ attempts: config.jobAttempts }),
    events: createMemoryEventBus(),
  }
}

export function driverNames(drivers: Drivers): DriverNames {
  return {
    store: drivers.store.kind,
    cache: drivers.cache.kind,
    search: drivers.search.kind,
    files: drivers.files.kind,
    queue: drivers.queue.kind,
    events: drivers.events.kind,
  }
}

/** Closes in dependency order: stop work first, then what work writes to. */
export async function closeDrivers(drivers: Drivers): Promise<void> {
  await drivers.queue.close()
  await Promise.allSettled([drivers.events.close(), drivers.search.close(), drivers.cache.close(), drivers.files.close()])
  await drivers.store.close()
}
