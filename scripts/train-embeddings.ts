/**
 * npm run train:embeddings — trains the text encoder (fastText-style subword vectors, skip-gram with
 * negative sampling, server/ml/embeddings) on public material only: the fixture corpus
 * (tests/fixtures/corpus) and the written atoms of the labelled set (models/data/atom-types.jsonl). Never
 * on stored atoms: the encoder's files go to every reader, and would tell which words their documents hold.
 * Saves it to models/embeddings/<version>/ with its metadata. Seeded: the same corpus gives the same model.
 *
 *   npm run train:embeddings -- [--seed 7] [--epochs 12] [--dims 64] [--buckets 10000] [--version 1]
 */
import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { configFromEnv } from '../server/config'
import { baseCorpus, trainingCorpus } from '../server/ml/embeddings/corpus'
import { embeddingModelName, embeddingModelVersion } from '../server/ml/embeddings/encoder'
import { defaultTrainOptions, trainEncoder } from '../server/ml/embeddings/train'
import { modelsRoot, saveLayersModel, saveModelMetadata } from '../server/ml/models'
import { mlRuntime } from '../server/ml/runtime'

const { values: args } = parseArgs({
  options: {
    seed: { type: 'string', default: '7' },
    epochs: { type: 'string', default: String(defaultTrainOptions.epochs) },
    dims: { type: 'string', default: String(defaultTrainOptions.dims) },
    buckets: { type: 'string', default: String(defaultTrainOptions.buckets) },
    version: { type: 'string', default: embeddingModelVersion },
  },
})

const { backend } = await mlRuntime(configFromEnv().mlBackend)
const { documents, extra: written } = await baseCorpus()
const corpus = trainingCorpus({ documents, extra: written })
console.info(`[train:embeddings] ${corpus.documents} corpus documents, ${written.length} written atoms: ${corpus.texts.length} texts; backend ${backend}`)

const options = { ...defaultTrainOptions, seed: Number(args.seed), epochs: Number(args.epochs), dims: Number(args.dims), buckets: Number(args.buckets) }
const { encoder, metadata } = await trainEncoder(corpus, options, line => console.info(`[train:embeddings] ${line}`))
metadata.version = args.version
const folder = join(modelsRoot(), embeddingModelName, args.version)
await saveLayersModel(encoder.model, folder)
await saveModelMetadata(folder, metadata)
const bytes = (await stat(join(folder, 'weights.bin'))).size + (await stat(join(folder, 'metadata.json'))).size
console.info(`[train:embeddings] ${metadata.vocabulary.words.length} words + ${metadata.subwords.buckets} n-gram buckets × ${metadata.dims} dims, trained in ${metadata.training!.seconds} s; ${(bytes / 1024 / 1024).toFixed(2)} MB saved to models/${embeddingModelName}/${args.version}/`)
