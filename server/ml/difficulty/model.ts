import type { LayersModel, Tensor } from '@tensorflow/tfjs'
import { z } from 'zod'
import type { DifficultyInput } from '../../atomizer/nlp/difficulty'
import { cooperative } from '../../atomizer/yield'
import { builtInModel, loadCheckedModel, loadOnce, type ModelContract } from '../models'
import { mlRuntime } from '../runtime'
import { featureMatrix, featureSize, featureVersion } from './features'
import { timeInference } from '../../metrics/ml'

export const difficultyModelName = 'difficulty'
/** The built-in model version this code reads: `models/difficulty/<version>/`. */
export const difficultyModelVersion = '1'

const scoresSchema = z.object({ mae: z.number(), rmse: z.number(), spearman: z.number() })

/** metadata.json beside model.json: which features it reads, what it was trained on, and how well it did. */
export const difficultyModelMetadataSchema = z.object({
  name: z.string(),
  version: z.string(),
  features: z.object({ featureVersion: z.number(), featureSize: z.number() }).loose(),
  training: z.object({
    seed: z.number(),
    epochs: z.number(),
    examples: z.number(),
    /** Examples whose target came from learners' reviews (the rest from the heuristic prior). */
    outcomeExamples: z.number(),
    /** Review logs in the store when it was trained: the retrain job waits for enough new ones. */
    storeReviews: z.number(),
    trainedAt: z.string().optional(),
    /** The heuristic's line onto the outcome scale, fitted on the training atoms (its prior as a target). */
    calibration: z.object({ intercept: z.number(), slope: z.number() }).optional(),
  }).loose().optional(),
  heldOut: z.object({ examples: z.number(), heuristic: scoresSchema, model: scoresSchema }).optional(),
})
export type DifficultyModelMetadata = z.infer<typeof difficultyModelMetadataSchema>

export const difficultyModelContract: ModelContract<DifficultyModelMetadata> = {
  what: 'difficulty model', metadataSchema: difficultyModelMetadataSchema, featureVersion, featureSize, outputSize: 1,
}

/** Atoms per tensor: bounds the memory one batch takes, whatever the document's size. */
const batchSize = 512

/** The difficulty model: text features in, a difficulty in 0..1 out (a sigmoid unit). */
export class DifficultyModel {
  constructor(readonly model: LayersModel, readonly source: string, readonly metadata?: DifficultyModelMetadata) {}

  async score(inputs: DifficultyInput[]): Promise<number[]> {
    const { tf } = await mlRuntime()
    const pause = cooperative()
    const scores: number[] = []
    const done = timeInference('difficulty')
    for (let start = 0; start < inputs.length; start += batchSize) {
      const batch = inputs.slice(start, start + batchSize)
      const features = featureMatrix(batch)
      // Every tensor of the batch is freed when tidy returns; only the plain array of scores leaves it.
      const predicted = tf.tidy(() => (this.model.predict(tf.tensor2d(features, [batch.length, featureSize]), { batchSize }) as Tensor).dataSync())
      for (const value of predicted) scores.push(value)
      await pause()
    }
    done()
    return scores
  }
}

/** The configured model (a path or URL), else the built-in one. */
export const difficultyModelSource = (configured?: string) => configured ?? builtInModel(difficultyModelName, difficultyModelVersion)

/** Loads a difficulty model once per process and checks it reads the features this code makes. */
export function loadDifficultyModel(configured?: string): Promise<DifficultyModel> {
  const source = difficultyModelSource(configured)
  return loadOnce(`${difficultyModelName}:${source}`, async () => {
    const { model, metadata } = await loadCheckedModel(difficultyModelContract, source)
    return new DifficultyModel(model, source, metadata)
  })
}
