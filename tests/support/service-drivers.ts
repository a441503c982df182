import type { Drivers } from '../../server/drivers'
import { createMemoryCache } from '../../server/drivers/cache/memory'
import { createMemoryEventBus } from '../../server/drivers/events/memory'
import type { FileStore } from '../../server/drivers/files/types'
import { createMemoryQueue } from '../../server/drivers/queue/memory'
import { createSqliteStore } from '../../server/drivers/store/sqlite'
import { makeUser } from '../contracts/store.contract'

/**
 * The drivers the document services use (store, cache, files, queue, events), embedded except for the
 * file store given, for service tests. The queue has no workers: enqueued jobs stay waiting, to be counted.
 */
export function serviceDrivers(files: FileStore) {
  const drivers = {
    store: createSqliteStore(':memory:'),
    cache: createMemoryCache(),
    files,
    queue: createMemoryQueue({ attempts: 1 }),
    events: createMemoryEventBus(),
  }
  return {
    drivers: drivers as Pick<Drivers, keyof typeof drivers> as Drivers,
    /** A new user in the store, as the services see them. */
    async user(role: 'author' | 'learner' = 'author') {
      const user = await drivers.store.users.create(makeUser({ role }))
      return { id: user.id, role: user.role }
    },
    async close() {
      await drivers.queue.close()
      await Promise.all([drivers.cache.close(), drivers.events.close(), drivers.files.close()])
      await drivers.store.close()
    },
  }
}
