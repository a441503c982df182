import type { LayersModel, Tensor } from '@tensorflow/tfjs'
import { z } from 'zod'
import { cooperative } from '../../atomizer/yield'
import { atomTypes, type AtomType, type ClassifyInput } from '../../atomizer/nlp/classify'
import { builtInModel, loadCheckedModel, loadOnce, type ModelContract } from '../models'
import { mlRuntime } from '../runtime'
import { featureMatrix, featureSize, featureVersion } from './features'
import { timeInference } from '../../metrics/ml'

export const typeModelName = 'atom-types'
/** The built-in model version this code reads: `models/atom-types/<version>/`. */
export const typeModelVersion = '1'

const scoresSchema = z.object({ accuracy: z.number(), macroF1: z.number() })

/** metadata.json beside model.json: what the model predicts, from which features, and how well it did. */
export const typeModelMetadataSchema = z.object({
  name: z.string(),
  version: z.string(),
  labels: z.array(z.enum(atomTypes)).length(atomTypes.length),
  features: z.object({ featureVersion: z.number(), featureSize: z.number() }).loose(),
  training: z.object({ seed: z.number(), epochs: z.number(), examples: z.number(), authorLabels: z.number() }).loose().optional(),
  heldOut: z.object({ examples: z.number(), rules: scoresSchema, model: scoresSchema }).optional(),
})
export type TypeModelMetadata = z.infer<typeof typeModelMetadataSchema>

/** Atoms per tensor: bounds the memory one batch takes, whatever the document's size. */
const batchSize = 512

/** The type model: rule features plus text features in, one of the eight atom types out. */
export class TypeClassifier {
  constructor(readonly model: LayersModel, readonly labels: readonly AtomType[], readonly source: string) {}

  async classify(inputs: ClassifyInput[]): Promise<AtomType[]> {
    const { tf } = await mlRuntime()
    const pause = cooperative()
    const types: AtomType[] = []
    const done = timeInference('types')
    for (let start = 0; start < inputs.length; start += batchSize) {
      const batch = inputs.slice(start, start + batchSize)
      const features = featureMatrix(batch)
      // Every tensor of the batch is freed when tidy returns; only the plain array of indices leaves it.
      const best = tf.tidy(() => {
        const scores = this.model.predict(tf.tensor2d(features, [batch.length, featureSize]), { batchSize }) as Tensor
        return scores.argMax(-1).dataSync()
      })
      for (const index of best) types.push(this.labels[index]!)
      await pause()
    }
    done()
    return types
  }
}

/** The configured model (a path or URL), else the built-in one. */
export const typeModelSource = (configured?: string) => configured ?? builtInModel(typeModelName, typeModelVersion)

const typeModelContract: ModelContract<TypeModelMetadata> = {
  what: 'type model', metadataSchema: typeModelMetadataSchema, featureVersion, featureSize, outputSize: atomTypes.length,
}

/** Loads a type model once per process and checks it reads the features this code makes. */
export function loadTypeClassifier(configured?: string): Promise<TypeClassifier> {
  const source = typeModelSource(configured)
  return loadOnce(`${typeModelName}:${source}`, async () => {
    const { model, metadata } = await loadCheckedModel(typeModelContract, source)
    return new TypeClassifier(model, metadata?.labels ?? atomTypes, source)
  })
}
