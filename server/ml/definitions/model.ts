import { existsSync } from 'node:fs'
import type { LayersModel, Tensor } from '@tensorflow/tfjs'
import { z } from 'zod'
import type { DefinitionCandidate, DefinitionJudge } from '../../atomizer/nlp/definitions'
import type { AppConfig } from '../../config'
import { builtInModel, loadCheckedModel, loadOnce, type ModelContract } from '../models'
import { mlRuntime } from '../runtime'
import { definitionFeatures, definitionFeatureSize, definitionFeatureVersion } from './features'
import { timeInference } from '../../metrics/ml'

export const definitionModelName = 'definitions'
/** The built-in model version this code reads: `models/definitions/<version>/`. */
export const definitionModelVersion = '1'

const scoresSchema = z.object({ precision: z.number(), recall: z.number(), f1: z.number() })

/** metadata.json beside model.json: the features it reads, the probability from which a definition is kept, how it was trained and how well it did. */
export const definitionModelMetadataSchema = z.object({
  name: z.string(),
  version: z.string(),
  features: z.object({ featureVersion: z.number(), featureSize: z.number() }).loose(),
  threshold: z.number().min(0).max(1),
  training: z.object({ seed: z.number(), epochs: z.number() }).loose().optional(),
  dev: z.object({ model: scoresSchema, rules: scoresSchema }).loose().optional(),
}).loose()
export type DefinitionModelMetadata = z.infer<typeof definitionModelMetadataSchema>

export const definitionModelContract: ModelContract<DefinitionModelMetadata> = {
  what: 'definitions model', metadataSchema: definitionModelMetadataSchema, featureVersion: definitionFeatureVersion, featureSize: definitionFeatureSize, outputSize: 1,
}

const batchSize = 4096

/** The definitions model: the probability that a sentence's pattern gave a term's real meaning, whole. */
export class DefinitionModel {
  constructor(readonly model: LayersModel, readonly metadata: DefinitionModelMetadata, readonly source: string) {}

  async score(candidates: DefinitionCandidate[]): Promise<Float32Array> {
    const { tf } = await mlRuntime()
    const scores = new Float32Array(candidates.length)
    const done = timeInference('definitions')
    for (let start = 0; start < candidates.length; start += batchSize) {
      const batch = candidates.slice(start, start + batchSize)
      const features = new Float32Array(batch.length * definitionFeatureSize)
      batch.forEach((candidate, i) => features.set(definitionFeatures(candidate), i * definitionFeatureSize))
      scores.set(tf.tidy(() => (this.model.predict(tf.tensor2d(features, [batch.length, definitionFeatureSize])) as Tensor).dataSync()), start)
    }
    done()
    return scores
  }

  async judge(candidates: DefinitionCandidate[]): Promise<boolean[]> {
    const scores = await this.score(candidates)
    return Array.from(scores, score => score >= this.metadata.threshold)
  }
}

/** The configured model (a path or URL), else the built-in one. */
export const definitionModelSource = (configured?: string) => configured ?? builtInModel(definitionModelName, definitionModelVersion)

/** Loads the definitions model once per process and checks it reads the features this code makes. */
export function loadDefinitionModel(configured?: string): Promise<DefinitionModel> {
  const source = definitionModelSource(configured)
  return loadOnce(`${definitionModelName}:${source}`, async () => {
    if (!/^https?:\/\//i.test(source) && !existsSync(source)) throw new Error(`The definitions model ${source} does not exist.`)
    const { model, metadata } = await loadCheckedModel(definitionModelContract, source)
    if (!metadata) {
      model.dispose()
      throw new Error('The definitions model has no metadata.json (the probability from which a definition is kept is there).')
    }
    return new DefinitionModel(model, metadata, source)
  })
}

let warned = false

/**
 * Judges the definitions the patterns find with the model; when it cannot load or run, every definition found
 * is kept (the rules' choice) and the reason is logged once per process.
 */
export function createDefinitionJudge(config: Pick<AppConfig, 'mlBackend' | 'definitionsModel'>): DefinitionJudge {
  return async (candidates) => {
    try {
      await mlRuntime(config.mlBackend)
      return await (await loadDefinitionModel(config.definitionsModel)).judge(candidates)
    }
    catch (error) {
      if (!warned) {
        warned = true
        console.warn(`[ml] definitions are kept by the rules alone: ${error instanceof Error ? error.message : String(error)}`)
      }
      return undefined
    }
  }
}
