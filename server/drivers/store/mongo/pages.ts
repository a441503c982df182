import type { Model } from 'mongoose'
import { decodeCursor, documentCursorKey } from '../cursor'
import { scanByKey } from '../paging'

export const newestFirst = { createdAt: -1, _id: -1 } as const

export const oldestFirst = { createdAt: 1, _id: 1 } as const

/** Keyset condition for "after this cursor" in (createdAt, _id) order, newest first unless asked otherwise. */
export function createdAfter(cursor: string | undefined, order: 'newest' | 'oldest' = 'newest') {
  const after = decodeCursor(cursor, documentCursorKey.shape) as [string, string] | undefined
  if (!after) return {}
  const beyond = order === 'oldest' ? '$gt' : '$lt'
  return { $or: [{ createdAt: { [beyond]: after[0] } }, { createdAt: after[0], _id: { [beyond]: after[1] } }] }
}

/** Every record of a collection in `_id` order, a batch at a time (see scanByKey). */
export function scanById<T extends { _id: string }, Item>(model: () => Promise<Model<T>>, batchSize: number, toItem: (stored: T) => Item): AsyncIterable<Item[]> {
  return scanByKey({
    from: undefined as string | undefined,
    rowsAfter: async afterId => (await model()).find(afterId === undefined ? {} : { _id: { $gt: afterId } })
      .sort({ _id: 1 }).limit(batchSize).lean<T[]>(),
    keyOf: stored => stored._id,
    toItem,
  })
}
