/**
 * What learning from public material only costs search. The text encoder never learns from stored atoms
 * (its files go to every reader), so a reader's own library is text it never saw. Measured on the 60
 * queries of models/data/search-queries.jsonl: recall@10 with an encoder trained on every fixture document,
 * the searched ones among them (as when the encoder learned from the store), against encoders trained with
 * the searched documents left out: the queried documents in seeded folds, each fold's queries searched with
 * an encoder that never saw their documents (the other documents and the labelled set's written atoms it
 * did see). Same training settings throughout; atoms cut once, with the built-in encoder, so the same atoms
 * are searched every time. Four trainings: a few minutes on two cores.
 */
import { createOramaIndex } from '../../server/drivers/search/orama'
import type { SearchDocument } from '../../server/drivers/search/types'
import { documentTexts, baseCorpus } from '../../server/ml/embeddings/corpus'
import { embedWith, type Embedder } from '../../server/ml/embeddings/embedder'
import type { SubwordEncoder } from '../../server/ml/embeddings/encoder'
import { defaultTrainOptions, trainEncoder } from '../../server/ml/embeddings/train'
import { seededRandom, shuffledIndices } from '../../shared/utils/random'
import { atomEmbeddingText } from '../../shared/utils/subwords'
import { hasMeaning } from '../../shared/utils/text-encoder'
import { loadCorpus } from '../support/corpus'
import { readSearchQueries, recallAtK, type SearchMode, type SearchQueryCase } from '../support/search-quality'

const searchModes: SearchMode[] = ['keyword', 'vector', 'hybrid']

const folds = 3
const seed = 7

const embedderOf = (encoder: SubwordEncoder): Embedder => async (texts, options) => embedWith(encoder, texts, options)

/** An encoder trained, with the built-in settings, on every corpus document but `leftOut`, and the written atoms. */
async function trainWithout(leftOut: Set<string>, paragraphs: Map<string, string[]>, written: string[], version: string): Promise<SubwordEncoder> {
  const kept = [...paragraphs].filter(([name]) => !leftOut.has(name)).map(([, texts]) => texts)
  const { encoder } = await trainEncoder({ texts: [...kept.flat(), ...written], documents: kept.length }, { ...defaultTrainOptions, seed })
  encoder.metadata.version = version
  return encoder
}

/**
 * Recall@10 of each mode over `queries`, with the atoms and the queries embedded by `encoder`, and how many
 * queries it learned enough of to search by meaning (shared/utils/query-meaning.ts).
 */
async function recallWith(encoder: SubwordEncoder, atoms: SearchDocument[], queries: SearchQueryCase[], idOf: (document: string, title: string) => string | undefined) {
  const embed = embedderOf(encoder)
  const byMeaning = (await embed(queries.map(query => query.query), { queries: true }))!.vectors.filter(hasMeaning).length
  const { vectors, version } = (await embed(atoms.map(atom => atomEmbeddingText({ title: atom.title, text: atom.body }))))!
  const index = createOramaIndex()
  try {
    await index.upsert(atoms.map((atom, i) => ({ ...atom, embedding: vectors[i]!, embeddingVersion: version })))
    await index.flush()
    return { ...await recallAtK(index, queries, embed, idOf, [...new Set(atoms.map(atom => atom.documentId))]), byMeaning }
  }
  finally {
    await index.close()
  }
}

export async function encoderLeaveOutRecall(atoms: SearchDocument[], idOf: (document: string, title: string) => string | undefined): Promise<void> {
  const started = performance.now()
  const queries = readSearchQueries()
  const paragraphs = new Map(await Promise.all(loadCorpus().map(async doc => [doc.name, await documentTexts(doc.data, doc.format)] as const)))
  const { extra: written } = await baseCorpus()
  const queried = [...new Set(queries.flatMap(query => query.relevant.map(relevant => relevant.document)))].sort()
  const order = shuffledIndices(queried.length, seededRandom(seed))
  const foldOf = new Map(order.map((index, position) => [queried[index]!, position % folds]))

  const all = await trainWithout(new Set(), paragraphs, written, 'leave-out-none')
  const seen = await recallWith(all, atoms, queries, idOf)
  const unseen = { keyword: 0, vector: 0, hybrid: 0, byMeaning: 0 }
  for (let fold = 0; fold < folds; fold++) {
    const leftOut = new Set(queried.filter(name => foldOf.get(name) === fold))
    const foldQueries = queries.filter(query => leftOut.has(query.relevant[0]!.document))
    const encoder = await trainWithout(leftOut, paragraphs, written, `leave-out-${fold}`)
    const recall = await recallWith(encoder, atoms, foldQueries, idOf)
    for (const mode of searchModes) unseen[mode] += recall[mode] * foldQueries.length / queries.length
    unseen.byMeaning += recall.byMeaning
    encoder.model.dispose()
  }
  all.model.dispose()

  const percent = (value: number) => `${(value * 100).toFixed(1)} %`.padStart(7)
  const line = (name: string, recall: Record<SearchMode | 'byMeaning', number>) =>
    console.log(`  ${name.padEnd(48)} keyword ${percent(recall.keyword)}  vector ${percent(recall.vector)}  hybrid ${percent(recall.hybrid)}  (${recall.byMeaning} queries by meaning)`)
  console.log(`\nSearch when the encoder never saw the searched documents (recall@10 on the ${queries.length} queries, Orama; encoders trained with the built-in settings, seed ${seed}, ${defaultTrainOptions.epochs} epochs):`)
  line(`trained on all ${paragraphs.size} documents, searched ones too`, seen)
  line(`searched documents left out (${folds} folds of ${queried.length})`, unseen)
  console.log(`  cost of learning from public material only: vector ${percent(seen.vector - unseen.vector)}, hybrid ${percent(seen.hybrid - unseen.hybrid)} (points; ${((performance.now() - started) / 1000).toFixed(0)} s)`)
}
