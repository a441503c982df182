import type { Stored } from './models'

/** The record without MongoDB's `_id` and `__v`. */
export function toRecord<T extends { id: string }>(stored: Stored<T> & { __v?: number }): T {
  const { _id, __v: _version, ...fields } = stored
  return { id: _id, ...fields } as unknown as T
}

/** The record as MongoDB holds it: its id becomes the `_id`. */
export function toStored<T extends { id: string }>({ id, ...fields }: T): Stored<T> {
  return { _id: id, ...fields }
}
