import type mongoose from 'mongoose'
import { DuplicateKeyError } from '../types'

/** E11000, alone or inside a bulk write's errors. */
export function isDuplicateKey(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false
  const { code, writeErrors } = error as { code?: unknown, writeErrors?: { code?: unknown }[] }
  return code === 11000 || (Array.isArray(writeErrors) && writeErrors.some(entry => entry.code === 11000))
}

/**
 * Inserts what it can, unordered; returns the positions whose `_id` was already taken. Any other failure
 * is thrown.
 */
export async function insertEach(collection: mongoose.Collection, records: object[]): Promise<number[]> {
  try {
    await collection.insertMany(records as never[], { ordered: false })
    return []
  }
  catch (error) {
    const writeErrors = [(error as { writeErrors?: unknown }).writeErrors ?? []].flat() as { index?: number, code?: number }[]
    if (writeErrors.length === 0 || writeErrors.some(entry => entry.code !== 11000 || entry.index === undefined)) throw error
    return writeErrors.map(entry => entry.index!)
  }
}

/** MongoDB names the index's fields; FerretDB does not, and then `fallback` names the key. */
function duplicateKeyError(error: unknown, fallback: string): DuplicateKeyError {
  const pattern = (error as { keyPattern?: Record<string, unknown> }).keyPattern
  const field = pattern ? Object.keys(pattern)[0] : undefined
  return new DuplicateKeyError(field === undefined ? fallback : field === '_id' ? 'id' : field)
}

/** Runs the insert; a unique key it finds taken fails it with a DuplicateKeyError naming that key (or `fallback`). */
export async function insertUnique(fallback: string, insert: () => Promise<unknown>): Promise<void> {
  try {
    await insert()
  }
  catch (error) {
    if (isDuplicateKey(error)) throw duplicateKeyError(error, fallback)
    throw error
  }
}
