import { join } from 'node:path'
import type { AppConfig } from '../config'
import { timeSearchReads } from '../metrics/search'
import { createMemoryCache } from './cache/memory'
import { createRedisCache } from './cache/redis'
import type { Cache } from './cache/types'
import { createMemoryEventBus } from './events/memory'
import { createRedisEventBus } from './events/redis'
import type { EventBus } from './events/types'
import { createLocalFileStore } from './files/local'
import { createS3FileStore } from './files/s3'
import type { FileStore } from './files/types'
import { rateLimitRules } from './limits/buckets'
import { createMemoryLimits } from './limits/memory'
import { createRedisLimits } from './limits/redis'
import type { RateLimits } from './limits/types'
import { createBullQueue } from './queue/bullmq'
import { createMemoryQueue } from './queue/memory'
import type { JobQueue } from './queue/types'
import { createElasticsearchIndex } from './search/elasticsearch'
import { createOramaIndex } from './search/orama'
import type { SearchIndex } from './search/types'
import { createRedisSessions } from './sessions/redis'
import { createSqliteSessions } from './sessions/sqlite'
import type { SessionStore } from './sessions/types'
import { createMongoStore } from './store/mongo'
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
  limits: RateLimits
  sessions: SessionStore
}

export type DriverNames = { [K in keyof Drivers]: string }

/**
 * Jobs leave the web process only when everything a job writes is shared between processes: the store,
 * the search index and the files. Otherwise a worker's results would be invisible to the web instances.
 */
export function jobsRunInWorkers(config: AppConfig): boolean {
  return Boolean(config.redisUrl && config.mongodbUri && config.elasticsearchUrl && config.s3Bucket)
}

/** The document store the configuration names: MongoDB when MONGODB_URI is set, else the SQLite file. */
export function createStore(config: AppConfig): DocumentStore {
  return config.mongodbUri ? createMongoStore({ uri: config.mongodbUri }) : createSqliteStore(sqliteStorePath(config))
}

export const sqliteStorePath = (config: Pick<AppConfig, 'dataDir'>) => join(config.dataDir, 'atomizer.sqlite')

/** Chooses each driver once, from configuration: each concern is scaled when its setting is present. */
export function createDrivers(config: AppConfig): Drivers {
  const { redisUrl, redisPrefix } = config
  return {
    store: createStore(config),
    cache: redisUrl ? createRedisCache({ url: redisUrl, prefix: redisPrefix }) : createMemoryCache(),
    search: timeSearchReads(config.elasticsearchUrl
      ? createElasticsearchIndex({
          url: config.elasticsearchUrl,
          alias: config.elasticsearchIndex,
          analyzer: config.elasticsearchAnalyzer,
          vectorDims: config.embeddingsDims,
          // A job stores atoms in small batches and flushes once at the end: refreshing per batch would
          // cost Elasticsearch more than the batch itself, waiting for each refresh up to a second.
          refresh: false,
        })
      : createOramaIndex({ dir: join(config.dataDir, 'search'), vectorDims: config.embeddingsDims })),
    files: config.s3Bucket
      ? createS3FileStore({
          bucket: config.s3Bucket,
          region: config.s3Region,
          endpoint: config.s3Endpoint,
          forcePathStyle: config.s3ForcePathStyle,
          accessKeyId: config.s3AccessKeyId,
          secretAccessKey: config.s3SecretAccessKey,
          serverSideEncryption: config.s3ServerSideEncryption,
          kmsKeyId: config.s3KmsKeyId,
        })
      : createLocalFileStore(join(config.dataDir, 'files')),
    queue: redisUrl && jobsRunInWorkers(config)
      ? createBullQueue({ url: redisUrl, prefix: redisPrefix, attempts: config.jobAttempts, lockSeconds: config.jobLockSeconds })
      : createMemoryQueue({ attempts: config.jobAttempts }),
    events: redisUrl ? createRedisEventBus({ url: redisUrl, prefix: redisPrefix }) : createMemoryEventBus(),
    limits: redisUrl
      ? createRedisLimits({ url: redisUrl, prefix: redisPrefix, rules: rateLimitRules(config) })
      : createMemoryLimits(rateLimitRules(config)),
    sessions: redisUrl
      ? createRedisSessions({ url: redisUrl, prefix: redisPrefix })
      : createSqliteSessions(join(config.dataDir, 'sessions.sqlite')),
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
    limits: drivers.limits.kind,
    sessions: drivers.sessions.kind,
  }
}

/** Closes in dependency order: stop work first, then what work writes to. */
export async function closeDrivers(drivers: Drivers): Promise<void> {
  await drivers.queue.close()
  await Promise.allSettled([drivers.events.close(), drivers.search.close(), drivers.cache.close(), drivers.files.close(),
    drivers.limits.close(), drivers.sessions.close()])
  await drivers.store.close()
}
