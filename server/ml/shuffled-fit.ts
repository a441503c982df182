import type { LayersModel } from '@tensorflow/tfjs'
import { seededRandom, shuffledIndices } from '../../shared/utils/random'
import { mlRuntime } from './runtime'

/** Rows of features with a 0/1 label each, as the key-term and definitions models learn from. */
export interface LabelledRows {
  features: Float32Array
  labels: Uint8Array
}

export interface ShuffledFitOptions {
  seed: number
  epochs: number
  batchSize: number
  /** How much a positive row weighs against a negative one. */
  positiveWeight?: number
  log?: (epoch: number, loss: number) => void
}

/** Fits a compiled binary classifier on every row of `sets`, one epoch at a time in an order the seed shuffles, so a run repeats. */
export async function fitShuffled(model: LayersModel, sets: LabelledRows[], featureSize: number, options: ShuffledFitOptions): Promise<void> {
  const { tf } = await mlRuntime()
  const count = sets.reduce((sum, set) => sum + set.labels.length, 0)
  const features = new Float32Array(count * featureSize)
  const labels = new Float32Array(count)
  let at = 0
  for (const set of sets) {
    features.set(set.features, at * featureSize)
    labels.set(set.labels, at)
    at += set.labels.length
  }
  const x = tf.tensor2d(features, [count, featureSize])
  const y = tf.tensor2d(labels, [count, 1])
  const random = seededRandom(options.seed)
  try {
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      const order = tf.tensor1d(shuffledIndices(count, random), 'int32')
      const xs = tf.gather(x, order)
      const ys = tf.gather(y, order)
      const history = await model.fit(xs, ys, {
        epochs: 1, batchSize: options.batchSize, shuffle: false, verbose: 0,
        ...(options.positiveWeight !== undefined && { classWeight: { 0: 1, 1: options.positiveWeight } }),
      })
      tf.dispose([order, xs, ys])
      options.log?.(epoch + 1, Number(history.history.loss?.[0] ?? 0))
    }
  }
  finally {
    tf.dispose([x, y])
  }
}
