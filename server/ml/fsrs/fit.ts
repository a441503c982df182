import type * as TF from '@tensorflow/tfjs'
import { clipParameters, default_w } from 'ts-fsrs'
import { fsrsItems, maxItemLength, type FsrsReview } from '../../../shared/utils/fsrs/items'
import { evaluateParameters } from '../../../shared/utils/fsrs/metrics'
import { seededRandom } from '../../../shared/utils/random'
import { mlRuntime } from '../runtime'
import { historyBatches, type HistoryBatch } from './batches'
import { fsrsLogLossSum } from './model'
import { pretrainInitialStability } from './pretrain'

// Fits one learner's FSRS-6 parameters by gradient descent, on the reference optimizer's (fsrs-rs) recipe:
// pretrained initial stabilities, then Adam on summed log loss in batches of about 512 answers with a cosine
// learning-rate decay, an L2 pull towards the starting point, every parameter clipped to ts-fsrs's bounds
// after each step, and the best epoch kept.

export interface FitOptions {
  epochs?: number
  itemsPerBatch?: number
  learningRate?: number
  /** Weight of the L2 pull towards the starting parameters (scaled per parameter by its spread across learners). */
  l2?: number
  seed?: number
  signal?: AbortSignal
}

export interface FitResult {
  parameters: number[]
  /** Mean log loss on the fitted answers with the parameters returned. */
  logLoss: number
  /** How many answers were scored in fitting. */
  items: number
  epochs: number
}

/** How far each parameter typically lies from the defaults across learners (fsrs-rs's L2 scales). */
const parameterSpread = [6.43, 9.66, 17.58, 27.85, 0.57, 0.28, 0.6, 0.12, 0.39, 0.18, 0.33, 0.3, 0.09, 0.16, 0.57, 0.25, 1.03, 0.31, 0.32, 0.14, 0.27]

/** The scheduler's bounds: one relearning step (ts-fsrs's default), short-term scheduling on. */
export const clipToBounds = (w: readonly number[]) => clipParameters([...w], 1, true)

class Adam {
  private m: number[]
  private v: number[]
  private t = 0
  constructor(size: number, private readonly beta1 = 0.9, private readonly beta2 = 0.999, private readonly epsilon = 1e-8) {
    this.m = new Array<number>(size).fill(0)
    this.v = new Array<number>(size).fill(0)
  }

  step(w: number[], grad: ArrayLike<number>, lr: number): number[] {
    this.t++
    return w.map((value, i) => {
      const g = Number.isFinite(grad[i]!) ? grad[i]! : 0
      this.m[i] = this.beta1 * this.m[i]! + (1 - this.beta1) * g
      this.v[i] = this.beta2 * this.v[i]! + (1 - this.beta2) * g * g
      const mHat = this.m[i]! / (1 - this.beta1 ** this.t)
      const vHat = this.v[i]! / (1 - this.beta2 ** this.t)
      return value - lr * mHat / (Math.sqrt(vHat) + this.epsilon)
    })
  }
}

/** The gradient of the batch's summed log loss at `w`. */
async function gradient(batch: HistoryBatch, w: readonly number[]): Promise<Float32Array> {
  const { tf } = await mlRuntime()
  const grad = tf.tidy(() => tf.grad(x => fsrsLogLossSum(tf, x as TF.Tensor1D, batch))(tf.tensor1d([...w])))
  const values = await grad.data() as Float32Array
  grad.dispose()
  return values
}

/** Fits parameters to the cards' histories; the defaults when no answer can be scored. */
export async function fitFsrs(histories: FsrsReview[][], options: FitOptions = {}): Promise<FitResult> {
  const { epochs = 5, itemsPerBatch = 512, learningRate = 0.04, l2 = 1, seed = 2023, signal } = options
  const batches = historyBatches(histories, itemsPerBatch)
  const items = batches.reduce((sum, batch) => sum + batch.items, 0)
  if (items === 0) return { parameters: [...default_w], logLoss: 0, items: 0, epochs: 0 }
  const trainingItems = fsrsItems(histories, maxItemLength)
  const start = clipToBounds([...pretrainInitialStability(trainingItems), ...default_w.slice(4)])
  // Each epoch is scored by ts-fsrs itself in float64 (the same predictions, and cheaper than a TF.js pass).
  const lossOf = (parameters: number[]) => evaluateParameters(parameters, trainingItems).logLoss
  let w = start
  let best = { parameters: w, loss: lossOf(w) }
  const adam = new Adam(w.length)
  const random = seededRandom(seed)
  const totalSteps = epochs * batches.length
  let stepIndex = 0
  for (let epoch = 0; epoch < epochs; epoch++) {
    const order = batches.map(batch => ({ batch, key: random() })).sort((a, b) => a.key - b.key).map(entry => entry.batch)
    for (const batch of order) {
      signal?.throwIfAborted()
      const lr = 0.5 * learningRate * (1 + Math.cos(Math.PI * stepIndex / totalSteps))
      const grad = await gradient(batch, w)
      const share = l2 * batch.items / items
      const total = w.map((value, i) => grad[i]! + 2 * share * (value - start[i]!) / parameterSpread[i]! ** 2)
      w = clipToBounds(adam.step(w, total, lr))
      stepIndex++
    }
    const loss = lossOf(w)
    if (loss < best.loss) best = { parameters: w, loss }
  }
  return { parameters: best.parameters, logLoss: best.loss, items, epochs }
}
