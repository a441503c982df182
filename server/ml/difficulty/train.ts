import type { LayersModel } from '@tensorflow/tfjs'
import type { DifficultyInput } from '../../atomizer/nlp/difficulty'
import { seededRandom, shuffledIndices } from '../../../shared/utils/random'
import { mlRuntime } from '../runtime'
import { featureMatrix, featureSize } from './features'

export interface TrainOptions {
  seed: number
  epochs: number
  hiddenUnits?: number
  learningRate?: number
}

/** One small hidden layer and a sigmoid unit, so every score lies in 0..1; seeded initialisers and dropout. */
export async function buildDifficultyModel(options: TrainOptions): Promise<LayersModel> {
  const { tf } = await mlRuntime()
  const model = tf.sequential({
    layers: [
      tf.layers.dense({
        inputShape: [featureSize], units: options.hiddenUnits ?? 16, activation: 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed: options.seed }),
        kernelRegularizer: tf.regularizers.l2({ l2: 1e-3 }),
      }),
      tf.layers.dropout({ rate: 0.2, seed: options.seed + 1 }),
      tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: tf.initializers.glorotUniform({ seed: options.seed + 2 }) }),
    ],
  })
  model.compile({ optimizer: tf.train.adam(options.learningRate ?? 0.01), loss: 'meanSquaredError' })
  return model
}

/** Trains the difficulty regression on atoms and their targets (0..1); examples shuffled by the seed. */
export async function trainDifficultyModel(inputs: DifficultyInput[], targets: number[], options: TrainOptions): Promise<LayersModel> {
  const { tf } = await mlRuntime()
  const model = await buildDifficultyModel(options)
  const random = seededRandom(options.seed)
  const x = tf.tensor2d(featureMatrix(inputs), [inputs.length, featureSize])
  const y = tf.tensor2d(targets, [targets.length, 1])
  try {
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      const order = tf.tensor1d(shuffledIndices(inputs.length, random), 'int32')
      const xs = tf.gather(x, order)
      const ys = tf.gather(y, order)
      await model.fit(xs, ys, { epochs: 1, batchSize: 32, shuffle: false, verbose: 0 })
      tf.dispose([order, xs, ys])
    }
  }
  finally {
    tf.dispose([x, y])
  }
  return model
}
