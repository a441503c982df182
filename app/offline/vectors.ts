import type { AtomWithEmbedding } from '#shared/schemas/atom'
import type { TextEncoderInfo } from '#shared/schemas/embedding-model'
import { offlineDatabase } from './db'
import type { EncoderLocation } from './encoder'

/**
 * Which text encoder made the vectors on this device. The server's encoder changes with an upgrade or its
 * configuration (a new version) and every vector names its version: the device searches by meaning with the
 * version its saved atoms carry, keeps where that version's files are, and saves documents again once the
 * server's vectors are of a newer one. Until then, atoms of another version match by keywords only.
 */
const encodersKey = 'textEncoders'

type Fetch = <T>(url: string, options?: { query?: Record<string, unknown> }) => Promise<T>

/** Where each encoder version the device has used keeps its files. */
async function knownEncoders(): Promise<Record<string, string>> {
  return ((await offlineDatabase().settings.get(encodersKey))?.value ?? {}) as Record<string, string>
}

/** The server's encoder now, remembered with where its files are, so the device can load it offline. */
export async function currentServerEncoder(fetch: Fetch): Promise<EncoderLocation> {
  const info = await fetch<TextEncoderInfo>('/api/v1/embeddings')
  await offlineDatabase().settings.put({ key: encodersKey, value: { ...await knownEncoders(), [info.version]: info.files } })
  return { version: info.version, files: info.files }
}

/** The version most of these atoms' vectors come from: the one worth loading to search them. */
export function prevailingVersion(atoms: Pick<AtomWithEmbedding, 'embedding' | 'embeddingVersion'>[]): string | undefined {
  const counts = new Map<string, number>()
  for (const atom of atoms) if (atom.embedding && atom.embeddingVersion) counts.set(atom.embeddingVersion, (counts.get(atom.embeddingVersion) ?? 0) + 1)
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0]
}

/** Where the encoder that made the device's vectors is, if the device ever learned it. */
export async function deviceEncoder(atoms: AtomWithEmbedding[]): Promise<EncoderLocation | undefined> {
  const version = prevailingVersion(atoms)
  const files = version && (await knownEncoders())[version]
  return version && files ? { version, files } : undefined
}

/**
 * Saved documents holding vectors of another version than the server's (or of no version, saved before
 * versions were kept): saved again, so their vectors and the encoder the device loads agree with the server once more.
 * Says how many were saved again. Called while online, at start and when the network returns.
 */
export async function refreshStaleVectors(fetch: Fetch, save: (id: string) => Promise<void>): Promise<number> {
  const { version } = await currentServerEncoder(fetch)
  const database = offlineDatabase()
  const saved = (await database.documents.toArray()).filter(document => document.saved)
  let refreshed = 0
  for (const document of saved) {
    const atoms = await database.atoms.where('documentId').equals(document.id).toArray()
    if (!atoms.some(atom => atom.embedding && atom.embeddingVersion !== version)) continue
    await save(document.id)
    refreshed++
  }
  return refreshed
}
