import { atomEmbeddingText } from '../../../shared/utils/subwords'
import { roundedVector } from '../../../shared/utils/text-encoder'
import type { AppConfig } from '../../config'
import type { Drivers } from '../../drivers'
import { storedSearchDocuments, toSearchDocument } from '../../services/search'
import { mlRuntime } from '../runtime'
import { loadTextEncoder, type SubwordEncoder } from './encoder'
import { isStoreTrainedVersion, withdrawStoreTrainedEncoders } from './withdrawn'

export type RefreshSettings = Pick<AppConfig, 'mlBackend' | 'embeddingsModel'>
type RefreshDrivers = Pick<Drivers, 'store' | 'search' | 'files'>

/** Atoms re-embedded (and written) per batch. */
export const reembedBatchSize = 200

export interface Reembedded {
  count: number
  /** The encoder versions the replaced vectors came from. */
  replaced: Set<string>
}

/**
 * Gives every atom whose vector is missing or not of this encoder a vector of it, a batch at a time: in the
 * store (only where the atom still has the text embedded) and, with `index`, in the search index too.
 */
export async function reembedAtoms(drivers: RefreshDrivers, encoder: SubwordEncoder, { index, batchSize = reembedBatchSize }: { index: boolean, batchSize?: number }): Promise<Reembedded> {
  const version = encoder.metadata.version
  const replaced = new Set<string>()
  let afterId: string | undefined
  let count = 0
  for (;;) {
    const atoms = await drivers.store.atoms.withStaleEmbeddings(version, { afterId, limit: batchSize })
    if (atoms.length === 0) break
    afterId = atoms.at(-1)!.id
    for (const atom of atoms) if (atom.embeddingVersion) replaced.add(atom.embeddingVersion)
    const vectors = (await encoder.embed(atoms.map(atomEmbeddingText))).map(roundedVector)
    await drivers.store.atoms.setEmbeddings(atoms.map((atom, i) => ({ id: atom.id, title: atom.title, text: atom.text, embedding: vectors[i]!, embeddingVersion: version })))
    if (index) {
      // As stored now: an atom edited meanwhile goes to the index with its edit and the vector its edit gave it.
      const ids = atoms.map(atom => atom.id)
      const [stored, embeddings] = await Promise.all([drivers.store.atoms.getMany(ids), drivers.store.atoms.embeddings(ids)])
      await drivers.search.upsert(stored.map((atom) => {
        const embedding = embeddings.get(atom.id)
        return toSearchDocument({ ...atom, ...(embedding && { embedding: embedding.vector, embeddingVersion: embedding.version }) })
      }))
    }
    count += atoms.length
  }
  if (index && count > 0) await drivers.search.flush()
  return { count, replaced }
}

export interface RefreshResult {
  /** The encoder in use, whose vectors every atom now has; none when no encoder loads. */
  version?: string
  reembedded: number
  /** Encoders earlier versions retrained on the store, removed from the file store. */
  withdrawn: string[]
}

/**
 * The scheduled refresh of the atoms' vectors (hourly, and once whenever a process starts). The encoder in
 * use learned from public material only and is never retrained on the store: its files go to every reader.
 * The refresh withdraws any encoder an earlier version retrained on the store, then gives every atom whose
 * vector another encoder made (such a one, an earlier built-in version, a process not yet upgraded) a vector
 * of the encoder in use. Vectors carry their encoder's version, so a query never meets another encoder's
 * vectors meanwhile: those atoms match by keywords until they are done.
 */
export async function refreshEmbeddings(drivers: RefreshDrivers, config: RefreshSettings, { batchSize = reembedBatchSize } = {}): Promise<RefreshResult> {
  const withdrawn = await withdrawStoreTrainedEncoders(drivers.files)
  await mlRuntime(config.mlBackend)
  // No encoder loads (the embedder logs why): atoms keep their vectors and search matches by keywords.
  const encoder = await loadTextEncoder(config.embeddingsModel).catch(() => undefined)
  if (!encoder) return { reembedded: 0, withdrawn }
  const version = encoder.metadata.version
  // An index kept for one encoder's vectors (Orama) is rebuilt from the store once; others take batches.
  const rebuild = await drivers.search.outdated(version)
  const { count, replaced } = await reembedAtoms(drivers, encoder, { index: !rebuild, batchSize })
  if (rebuild) {
    await drivers.search.rebuild(storedSearchDocuments(drivers), { vectorVersion: version })
    await drivers.search.flush()
  }
  // Older publications are named only by the vectors they made.
  const older = await withdrawStoreTrainedEncoders(drivers.files, [...replaced].filter(isStoreTrainedVersion))
  return { version, reembedded: count, withdrawn: [...new Set([...withdrawn, ...older])] }
}
