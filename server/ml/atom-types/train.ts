import type { LayersModel } from '@tensorflow/tfjs'
import { atomTypes, type AtomType, type ClassifyInput } from '../../atomizer/nlp/classify'
import { mlRuntime } from '../runtime'
import { featureMatrix, featureSize } from './features'
import { seededRandom, shuffledIndices } from '../../../shared/utils/random'

export interface TrainOptions {
  seed: number
  epochs: number
  hiddenUnits?: number
  learningRate?: number
}

/** One small dense layer over the features; seeded initialisers and dropout make a run repeatable. */
export async function buildTypeModel(options: TrainOptions): Promise<LayersModel> {
  const { tf } = await mlRuntime()
  const model = tf.sequential({
    layers: [
      tf.layers.dense({
        inputShape: [featureSize], units: options.hiddenUnits ?? 48, activation: 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed: options.seed }),
        kernelRegularizer: tf.regularizers.l2({ l2: 1e-4 }),
      }),
      tf.layers.dropout({ rate: 0.3, seed: options.seed + 1 }),
      tf.layers.dense({ units: atomTypes.length, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: options.seed + 2 }) }),
    ],
  })
  model.compile({ optimizer: tf.train.adam(options.learningRate ?? 0.01), loss: 'categoricalCrossentropy', metrics: ['accuracy'] })
  return model
}

/**
 * Trains the type model on labelled atoms. Rare types weigh more (inverse frequency), so the model does
 * not learn to say "definition" to everything; examples are shuffled by the seed, not by Math.random.
 */
export async function trainTypeModel(inputs: ClassifyInput[], types: AtomType[], options: TrainOptions): Promise<LayersModel> {
  const { tf } = await mlRuntime()
  const model = await buildTypeModel(options)
  const features = featureMatrix(inputs)
  const counts = atomTypes.map(type => types.filter(t => t === type).length)
  const classWeight = Object.fromEntries(counts.map((count, i) => [i, count ? types.length / (atomTypes.length * count) : 0]))
  const random = seededRandom(options.seed)
  const x = tf.tensor2d(features, [inputs.length, featureSize])
  const y = tf.oneHot(tf.tensor1d(types.map(type => atomTypes.indexOf(type)), 'int32'), atomTypes.length)
  try {
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      const order = tf.tensor1d(shuffledIndices(inputs.length, random), 'int32')
      const xs = tf.gather(x, order)
      const ys = tf.gather(y, order)
      await model.fit(xs, ys, { epochs: 1, batchSize: 32, shuffle: false, classWeight, verbose: 0 })
      tf.dispose([order, xs, ys])
    }
  }
  finally {
    tf.dispose([x, y])
  }
  return model
}
