import { atomEmbeddingText, embeddingTokens } from '../../../shared/utils/subwords'
import { roundedVector, withKeyedVocabulary } from '../../../shared/utils/text-encoder'
import type { AppConfig } from '../../config'
import type { Drivers } from '../../drivers'
import { storedSearchDocuments, toSearchDocument } from '../../services/search'
import { mlRuntime } from '../runtime'
import { baseCorpus, cappedCorpus, sampledStoreTexts } from './corpus'
import type { SubwordEncoder } from './encoder'
import { currentTextEncoder, publishedEncoders } from './published'
import { defaultTrainOptions, trainEncoder, type EmbeddingTrainOptions } from './train'

export type RefreshSettings = Pick<AppConfig, 'mlBackend' | 'embeddingsModel' | 'embeddingsDims' | 'embeddingsRetrainAtoms' | 'embeddingsRetrainMaxTokens'>
type RefreshDrivers = Pick<Drivers, 'store' | 'search' | 'files'>

export interface RefreshOptions {
  seed: number
  /** Training settings over the defaults (the epochs otherwise follow the corpus's size, see `trainingEpochs`). */
  train: Partial<Omit<EmbeddingTrainOptions, 'seed' | 'dims'>>
  /** Atoms re-embedded (and written) per batch. */
  batchSize: number
}

export const refreshDefaults: RefreshOptions = { seed: 7, train: {}, batchSize: 200 }

/** Besides the settled number of atoms, the store must have grown by this share of what the encoder in use learned from. */
export const retrainGrowthShare = 0.25

/**
 * The growth rule: retrain once at least `threshold` atoms (and a quarter as many as the encoder in use
 * was trained on) were added since it was trained. The share keeps a large library from retraining, and
 * re-embedding every atom, for each few thousand atoms more.
 */
export function retrainDue({ atoms, trainedOn, threshold }: { atoms: number, trainedOn: number, threshold: number }): boolean {
  const added = atoms - trainedOn
  return threshold > 0 && added >= threshold && added >= trainedOn * retrainGrowthShare
}

/**
 * Epochs for a corpus of this many words: the built-in encoder's 12 over its 20,000 words, fewer over more,
 * so training takes about as long (one to two minutes on WASM) however much text there is; at least 2.
 */
export function trainingEpochs(tokens: number): number {
  return Math.max(2, Math.min(12, Math.round(240_000 / Math.max(1, tokens))))
}

export interface RefreshPublished {
  status: 'published'
  version: string
  atoms: number
  reembedded: number
  /** What the encoder learned from (after the cap) and for how many epochs. */
  corpus: { texts: number, tokens: number, epochs: number }
  trainingSeconds: number
  /** Training, re-embedding and the index rebuild together. */
  seconds: number
}

export type RefreshResult = { status: 'skipped', reason: string, atoms: number, reembedded: number } | RefreshPublished

/**
 * Gives every atom whose vector is missing or not of this encoder a vector of it, a batch at a time: in the
 * store (only where the atom still has the text embedded) and, with `index`, in the search index too.
 */
export async function reembedAtoms(drivers: RefreshDrivers, encoder: SubwordEncoder, { index, batchSize = refreshDefaults.batchSize }: { index: boolean, batchSize?: number }): Promise<number> {
  const version = encoder.metadata.version
  let afterId: string | undefined
  let count = 0
  for (;;) {
    const atoms = await drivers.store.atoms.withStaleEmbeddings(version, { afterId, limit: batchSize })
    if (atoms.length === 0) break
    afterId = atoms.at(-1)!.id
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
  return count
}

/**
 * The scheduled refresh of the text encoder. Once the store has grown enough since the encoder in use was
 * trained (`retrainDue`), trains a new one on the fixture corpus and a bounded sample of the stored atoms'
 * text, stages it in the object store, re-embeds every atom with it (store first, then a search index
 * rebuilt beside the one serving, which keeps answering meanwhile), and only then points every process to
 * it. Vectors carry the version of their encoder, so a query is never compared with another encoder's
 * vectors, also in the minute other processes take to switch. Atoms written meanwhile with the previous
 * encoder are re-embedded last; a run with nothing to train still re-embeds such stragglers.
 */
export async function refreshTextEncoder(drivers: RefreshDrivers, config: RefreshSettings, options: RefreshOptions = refreshDefaults): Promise<RefreshResult> {
  const atoms = await drivers.store.atoms.count()
  if (config.embeddingsRetrainAtoms === 0) return { status: 'skipped', reason: 'retraining is turned off', atoms, reembedded: 0 }
  if (config.embeddingsModel) return { status: 'skipped', reason: 'a configured encoder embeds texts', atoms, reembedded: 0 }
  await mlRuntime(config.mlBackend)
  const inUse = await currentTextEncoder(config, drivers.files, { recheck: true })
  const trainedOn = inUse.metadata.training?.corpus.atoms ?? 0
  if (!retrainDue({ atoms, trainedOn, threshold: config.embeddingsRetrainAtoms })) {
    const reembedded = await reembedAtoms(drivers, inUse, { index: true, batchSize: options.batchSize })
    return { status: 'skipped', reason: `${atoms - trainedOn} atoms added since the encoder in use was trained; ${Math.max(config.embeddingsRetrainAtoms, Math.ceil(trainedOn * retrainGrowthShare))} needed`, atoms, reembedded }
  }

  const started = performance.now()
  const base = await baseCorpus()
  // Paragraphs average some 40 words: this many are enough to fill the word budget from the store.
  const store = await sampledStoreTexts(drivers.store, Math.ceil(config.embeddingsRetrainMaxTokens / 10), options.seed)
  const corpus = cappedCorpus({ base: [...base.documents.flat(), ...base.extra], store: store.texts, documents: base.documents.length, atoms: store.atoms },
    config.embeddingsRetrainMaxTokens, options.seed)
  const tokens = corpus.texts.reduce((sum, text) => sum + embeddingTokens(text).length, 0)
  const epochs = options.train.epochs ?? trainingEpochs(tokens)
  const { encoder: trained, metadata } = await trainEncoder(corpus, { ...defaultTrainOptions, ...options.train, seed: options.seed, dims: config.embeddingsDims, epochs })
  const version = `retrained-${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}`
  metadata.version = version
  // Readers fetch its files for offline search: its vocabulary, learned from everyone's documents, goes by key.
  await publishedEncoders.stage(drivers.files, version, handler => trained.model.save(handler), withKeyedVocabulary(metadata))
  trained.model.dispose()

  // Loaded back from the object store, as every other process will load it.
  const staged = await publishedEncoders.load(drivers.files, version)
  let reembedded = await reembedAtoms(drivers, staged, { index: false, batchSize: options.batchSize })
  await drivers.search.rebuild(storedSearchDocuments(drivers), { vectorVersion: version })
  await drivers.search.flush()
  staged.model.dispose()
  await publishedEncoders.point(drivers.files, version)
  const switched = await currentTextEncoder(config, drivers.files, { recheck: true })
  reembedded += await reembedAtoms(drivers, switched, { index: true, batchSize: options.batchSize })
  return {
    status: 'published', version, atoms, reembedded,
    corpus: { texts: corpus.texts.length, tokens, epochs },
    trainingSeconds: metadata.training?.seconds ?? 0,
    seconds: Math.round((performance.now() - started) / 100) / 10,
  }
}
