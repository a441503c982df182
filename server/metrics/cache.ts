import { Counter } from 'prom-client'
import { metricPrefix, metricsRegistry } from './registry'

const cacheReads = new Counter({
  name: `${metricPrefix}cache_reads_total`,
  help: 'Cache reads by level (l1 in this process, l2 in Redis) and result (hit or miss).',
  labelNames: ['level', 'result'] as const,
  registers: [metricsRegistry],
})

// Bound once: a read only adds one to a number.
const reads = {
  l1: { hit: cacheReads.labels('l1', 'hit'), miss: cacheReads.labels('l1', 'miss') },
  l2: { hit: cacheReads.labels('l2', 'hit'), miss: cacheReads.labels('l2', 'miss') },
}

/** The second level counts from zero once the process has one (Redis), so a hit ratio has both sides from the start. */
export function countCacheLevels(levels: readonly ('l1' | 'l2')[]): void {
  for (const level of levels) {
    reads[level].hit.inc(0)
    reads[level].miss.inc(0)
  }
}

export function countCacheRead(level: 'l1' | 'l2', hit: boolean): void {
  reads[level][hit ? 'hit' : 'miss'].inc()
}
