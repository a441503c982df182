import { Histogram } from 'prom-client'
import type { SearchIndex } from '../drivers/search/types'
import { latencyBuckets, metricPrefix, metricsRegistry } from './registry'

const searchDuration = new Histogram({
  name: `${metricPrefix}search_duration_seconds`,
  help: 'Search index queries by driver (orama or elasticsearch) and operation (search, nearest, suggest), failed ones too.',
  labelNames: ['driver', 'operation'] as const,
  buckets: latencyBuckets,
  registers: [metricsRegistry],
})

const timedOperations = ['search', 'nearest', 'suggest'] as const

/** Times the index's read operations in place; writes are the jobs' and show in the pipeline's stages. */
export function timeSearchReads<T extends SearchIndex>(index: T): T {
  for (const operation of timedOperations) {
    const child = searchDuration.labels(index.kind, operation)
    // There from the start, so a rate sees the first query.
    searchDuration.zero({ driver: index.kind, operation })
    const query = index[operation].bind(index) as (...args: unknown[]) => Promise<unknown>
    ;(index as Record<typeof operation, unknown>)[operation] = async (...args: unknown[]) => {
      const stop = child.startTimer()
      try {
        return await query(...args)
      }
      finally {
        stop()
      }
    }
  }
  return index
}
