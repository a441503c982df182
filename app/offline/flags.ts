import type { MySchedule } from '#shared/schemas/schedule'

/**
 * What pages ask about the device on every visit — is this document or collection saved for offline use,
 * where did the learner stop in a collection — kept in localStorage beside the device database, so those
 * pages show it without loading the database (IndexedDB and Dexie load only when something is saved,
 * searched or studied on the device). The database stays the truth for the content itself.
 */
const savedKey = 'atomizer-offline-saved'
const placeKey = 'atomizer-places'

export type SavedKind = 'document' | 'collection'

interface SavedIds { document: string[], collection: string[] }

function read<T>(key: string, empty: T): T {
  try {
    const stored = localStorage.getItem(key)
    return stored ? { ...empty, ...JSON.parse(stored) as T } : empty
  }
  catch {
    return empty
  }
}

export function isSavedOffline(kind: SavedKind, id: string): boolean {
  return read<SavedIds>(savedKey, { document: [], collection: [] })[kind].includes(id)
}

/** Whether this device keeps any document or collection for offline use. */
export function hasSavedOffline(): boolean {
  const ids = read<SavedIds>(savedKey, { document: [], collection: [] })
  return ids.document.length > 0 || ids.collection.length > 0
}

export function markSavedOffline(kind: SavedKind, id: string, saved: boolean) {
  const ids = read<SavedIds>(savedKey, { document: [], collection: [] })
  ids[kind] = [...ids[kind].filter(known => known !== id), ...(saved ? [id] : [])]
  localStorage.setItem(savedKey, JSON.stringify(ids))
}

/** The atom a learner last opened in a collection, for "continue where I left". */
export function rememberPlace(collectionId: string, atom: { id: string, title: string }) {
  const places = read<Record<string, { id: string, title: string }>>(placeKey, {})
  places[collectionId] = { id: atom.id, title: atom.title }
  localStorage.setItem(placeKey, JSON.stringify(places))
}

export function lastPlace(collectionId: string): { id: string, title: string } | undefined {
  return read<Record<string, { id: string, title: string }>>(placeKey, {})[collectionId]
}

/** The learner's own FSRS parameters (see schedule.ts): a plain key here, so this module stays free of FSRS. */
export const scheduleKey = 'atomizer-schedule'

/** Keeps the parameters the server schedules this learner's cards with (none: the defaults). */
export function rememberSchedule(schedule: MySchedule) {
  if (schedule.personal && schedule.fit) localStorage.setItem(scheduleKey, JSON.stringify(schedule.fit.parameters))
  else localStorage.removeItem(scheduleKey)
}

/** Signing out forgets these with the database. */
export function clearDeviceFlags() {
  localStorage.removeItem(savedKey)
  localStorage.removeItem(placeKey)
  localStorage.removeItem(scheduleKey)
}
