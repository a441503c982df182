import { z } from 'zod'

/**
 * metadata.json beside a text encoder's model.json: how to look words up in its table, and what it was
 * trained on. Read by the server (server/ml/embeddings) and by the browser's offline search alike.
 */
export const embeddingMetadataSchema = z.object({
  name: z.string(),
  version: z.string(),
  dims: z.number().int().min(2),
  tokenizerVersion: z.number().int(),
  subwords: z.object({ buckets: z.number().int().min(1), minN: z.number().int().min(1), maxN: z.number().int().min(1) }),
  /**
   * Words with their own row (rows 0..n-1, in this order) and how often each occurred in training. Any reader
   * may fetch these files, so an encoder served by the app learns from public material only.
   */
  vocabulary: z.object({ words: z.array(z.string()), counts: z.array(z.number().int().min(1)) })
    .refine(vocabulary => vocabulary.words.length === vocabulary.counts.length, 'words and counts differ in length'),
  /** Tokens in the training corpus: with the counts, each word's probability for its SIF weight. */
  totalTokens: z.number().int().min(1),
  sifA: z.number().positive(),
  /**
   * The character n-grams of the words in the training text, as a Bloom filter (shared/utils/ngram-filter.ts):
   * how much of a query the encoder learned (shared/utils/query-meaning.ts). Without it only vocabulary words count.
   */
  trainingNgrams: z.object({ bits: z.string().min(1), hashes: z.number().int().min(1).max(32) }).optional(),
  /** The direction every text vector shares (the first principal component of training texts), removed from each. */
  commonComponent: z.array(z.number()).optional(),
  training: z.object({
    seed: z.number(), epochs: z.number(), window: z.number(), negatives: z.number(), seconds: z.number(),
    corpus: z.object({ documents: z.number(), atoms: z.number(), texts: z.number(), tokens: z.number() }),
  }).loose().optional(),
})
  .refine(metadata => !metadata.commonComponent || metadata.commonComponent.length === metadata.dims, { message: 'commonComponent must have dims values', path: ['commonComponent'] })
export type EmbeddingMetadata = z.infer<typeof embeddingMetadataSchema>

/** `GET /api/v1/embeddings`: the text encoder in use, whose version every atom vector names. */
export const textEncoderInfoSchema = z.object({
  version: z.string().meta({ description: 'Compare with an atom\'s `embeddingVersion`: only vectors of the same version can be compared.' }),
  dims: z.number().int().meta({ description: 'Size of its vectors.' }),
  files: z.string().meta({ description: 'Where its `model.json`, `weights.bin` and `metadata.json` are served (a path ending in /); they never change for a version.' }),
  trainedOn: z.object({ atoms: z.number().int(), texts: z.number().int(), tokens: z.number().int() })
    .meta({ description: 'The texts and words it learned from, and `atoms`, stored atoms among them: 0 for the built-in encoder, which learned from public material only.' }),
})
export type TextEncoderInfo = z.infer<typeof textEncoderInfoSchema>

/** The files of a text encoder, as saved in its folder. */
export const textEncoderFiles = ['model.json', 'weights.bin', 'metadata.json'] as const

export const textEncoderFileParamsSchema = z.object({
  version: z.string().regex(/^[\w.-]+$/).max(100),
  file: z.enum(textEncoderFiles),
})
