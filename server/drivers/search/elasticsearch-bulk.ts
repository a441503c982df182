import type { Client, estypes } from '@elastic/elasticsearch'
import type { OnDropDocument } from '@elastic/elasticsearch/lib/helpers'

/** How bulk requests are cut and paced. */
export interface BulkTuning {
  /** A request is sent once its body reaches this size. */
  flushBytes: number
  /** Requests in flight at once; reading the source waits while all are busy (back-pressure). */
  concurrency: number
  /** Attempts again for documents the cluster turned away as too busy (429). */
  retries: number
  /** Pause before such a retry. */
  waitMs: number
}

export const defaultBulkTuning: BulkTuning = { flushBytes: 5_000_000, concurrency: 3, retries: 3, waitMs: 1000 }

export interface BulkFailure {
  id: string
  status: number
  reason: string
}

/** Some documents were refused for good (after retries): names them, so the cause can be found. */
export class BulkIndexError extends Error {
  constructor(readonly failures: BulkFailure[]) {
    const named = failures.slice(0, 5).map(failure => `${failure.id} (${failure.status} ${failure.reason})`).join('; ')
    super(`Elasticsearch refused ${failures.length} bulk operation(s): ${named}${failures.length > 5 ? '; …' : ''}`)
    this.name = 'BulkIndexError'
  }
}

type Operation = estypes.BulkOperationContainer
/** A bulk action with its document (index, create), or alone (delete). */
export type BulkItem = [Operation, Record<string, unknown>] | Operation

export interface BulkWrite<T> {
  items: T[] | AsyncIterable<T>
  toAction: (item: T) => BulkItem
  /** Refresh policy of each request, such as `wait_for` so that searches see the writes once this returns. */
  refresh?: estypes.Refresh
  /** An index to refresh once everything is written. */
  refreshAfter?: string
  /** Refusals that are expected outcomes rather than failures (a delete of an unknown id). */
  tolerate?: (status: number, operation: string) => boolean
}

/** Writes through the client's bulk helper: batched by size, paced, 429s retried, refusals collected and thrown. */
export async function bulkWrite<T>(client: Client, tuning: BulkTuning, write: BulkWrite<T>): Promise<void> {
  const failures: BulkFailure[] = []
  const onDrop = (drop: OnDropDocument<T>) => {
    const [operation, target] = Object.entries(drop.operation as object as Record<string, { _id?: string }>)[0]!
    if (write.tolerate?.(drop.status, operation)) return
    failures.push({
      id: target._id ?? '?',
      status: drop.status,
      reason: drop.error ? `${drop.error.type}: ${drop.error.reason ?? ''}` : 'too many requests',
    })
  }
  await client.helpers.bulk<T>({
    datasource: Array.isArray(write.items) ? write.items : toIterator(write.items),
    // The helper accepts [action, document] pairs, and indexes the item itself when the action comes alone.
    onDocument: item => write.toAction(item) as ReturnType<Parameters<Client['helpers']['bulk']>[0]['onDocument']>,
    flushBytes: tuning.flushBytes,
    concurrency: tuning.concurrency,
    retries: tuning.retries,
    wait: tuning.waitMs,
    onDrop,
    ...(write.refresh === undefined ? {} : { refresh: write.refresh }),
    ...(write.refreshAfter ? { refreshOnCompletion: write.refreshAfter } : {}),
  })
  if (failures.length > 0) throw new BulkIndexError(failures)
}

/** The helper wants an async iterator that is itself iterable, as a generator is. */
async function* toIterator<T>(items: AsyncIterable<T>): AsyncGenerator<T> {
  yield* items
}
