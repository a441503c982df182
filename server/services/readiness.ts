import type { Drivers } from '../drivers'

type ReadinessDrivers = Pick<Drivers, 'store' | 'search' | 'sessions'>

/** A driver that takes longer than this to answer counts as down: a probe must not hang. */
const checkTimeoutMs = 2000

function withTimeout<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${checkTimeoutMs} ms`)), checkTimeoutMs)
  })
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer))
}

/**
 * Why this instance cannot serve requests now, or undefined when it can: the drivers every request relies on
 * (the store, the search index, the session records) each answer a small query in time.
 */
export async function unreadyReason(drivers: ReadinessDrivers): Promise<string | undefined> {
  const checks: [string, () => Promise<unknown>][] = [
    ['the store', () => drivers.store.users.count()],
    ['the search index', async () => {
      const health = await drivers.search.health()
      if (!health.ok) throw new Error(health.detail ?? 'not ready')
    }],
    ['the session store', () => drivers.sessions.exists('readiness-probe')],
  ]
  const results = await Promise.allSettled(checks.map(([what, check]) => withTimeout(check(), what)))
  const failed = results.flatMap((result, index) => result.status === 'rejected'
    ? [`${checks[index]![0]}: ${result.reason instanceof Error ? result.reason.message : String(result.reason)}`]
    : [])
  return failed.length > 0 ? failed.join('; ') : undefined
}
