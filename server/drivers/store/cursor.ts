import type { Page } from '../../../shared/schemas/common'

/** Opaque page cursors shared by every store driver: base64url JSON of the sort key of the last item. */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url')
}

/** Undefined for a missing cursor; throws InvalidCursorError for a malformed one. */
export function decodeCursor(cursor: string | undefined, shape: readonly ('string' | 'number')[]): (string | number)[] | undefined {
  if (cursor === undefined || cursor === '') return undefined
  let key: unknown
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  }
  catch {
    throw new InvalidCursorError()
  }
  if (!Array.isArray(key) || key.length !== shape.length || key.some((part, i) => typeof part !== shape[i])) {
    throw new InvalidCursorError()
  }
  return key as (string | number)[]
}

export class InvalidCursorError extends Error {
  constructor() {
    super('the page cursor is not valid')
    this.name = 'InvalidCursorError'
  }
}

/** A cursor's sort key: how to read it from an item, and its parts' types to check a decoded one against. */
export interface CursorKey<T> {
  shape: readonly ('string' | 'number')[]
  of(item: T): (string | number)[]
}

/** Documents, newest first: (createdAt, id), so items created in the same instant still page exactly. */
export const documentCursorKey: CursorKey<{ createdAt: string, id: string }> = {
  shape: ['string', 'string'],
  of: document => [document.createdAt, document.id],
}

/** Users, newest first, like documents. */
export const userCursorKey: CursorKey<{ createdAt: string, id: string }> = documentCursorKey

/** Collections, newest first, like documents. */
export const collectionCursorKey: CursorKey<{ createdAt: string, id: string }> = documentCursorKey

/** A document's atoms, by `order`. */
export const atomCursorKey: CursorKey<{ order: number }> = {
  shape: ['number'],
  of: atom => [atom.order],
}

/** Reviews, newest first: (reviewedAt, id). */
export const reviewCursorKey: CursorKey<{ reviewedAt: string, id: string }> = {
  shape: ['string', 'string'],
  of: review => [review.reviewedAt, review.id],
}

/** One page from up to `limit + 1` items read in order: the extra item only says that another page follows. */
export function pageOf<T>(items: T[], limit: number, key: CursorKey<NoInfer<T>>): Page<T> {
  const page = items.slice(0, limit)
  const last = page.at(-1)
  return { items: page, nextCursor: items.length > limit && last !== undefined ? encodeCursor(key.of(last)) : undefined }
}
