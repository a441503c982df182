import type { SearchResult } from '#shared/schemas/search'
import { buildOfflineIndex, type OfflineSearch, type OfflineSearchOptions } from './atom-index'
import { atomChanges } from './changes'
import { offlineDatabase } from './db'
import type { EncoderLocation, QueryEncoder } from './encoder'
import { deviceEncoder } from './vectors'

/** Built from the atoms on this device when first needed; rebuilt after they change. */
let cached: { stamp: string, encoderMissing: boolean, search: OfflineSearch } | undefined
/**
 * The text encoder of this version, loaded on first offline search (TF.js, its WASM binary and the model
 * come with it), or nothing when it cannot load: then the search is by keywords, as the server's is
 * without an encoder.
 */
export async function offlineQueryEncoder(location: EncoderLocation): Promise<QueryEncoder | undefined> {
  try {
    return await (await import('./encoder')).loadQueryEncoder(location)
  }
  catch (error) {
    if (!warned) console.warn('[offline] searching by keywords only: the text encoder did not load', error)
    warned = true
    return undefined
  }
}
let warned = false

/**
 * The search the server's embedded index runs (same fields, weights, hybrid weighting and highlights),
 * over this device's atoms: by keywords and meaning when the encoder version that made the device's
 * vectors loads and learned enough of the query (the server's rule); atoms with vectors of another version
 * then match by keywords, and every atom does when no encoder loads.
 */
export async function searchOffline(text: string, options: OfflineSearchOptions): Promise<SearchResult> {
  // The count also notices atoms removed elsewhere (signing out clears the database).
  const stamp = `${atomChanges()}:${await offlineDatabase().atoms.count()}`
  if (cached?.stamp !== stamp || cached.encoderMissing) {
    const atoms = await offlineDatabase().atoms.toArray()
    const location = await deviceEncoder(atoms)
    const encoder = location && await offlineQueryEncoder(location)
    // An encoder that did not load is tried again at the next search (the network may be back).
    cached = { stamp, encoderMissing: Boolean(location && !encoder), search: await buildOfflineIndex(atoms, encoder) }
  }
  return cached.search(text, options)
}
