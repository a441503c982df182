import type * as TF from '@tensorflow/tfjs'
import { S_MAX, S_MIN } from 'ts-fsrs'
import type { HistoryBatch } from './batches'

// FSRS-6 as a differentiable TF.js model: the same formulas as ts-fsrs's FSRSAlgorithm (the scheduler the app
// uses), run over a batch of cards' histories one step at a time, so gradients reach all 21 parameters.

type Tf = typeof TF

export interface FsrsForward {
  /** Predicted recall before each step's answer ([steps, cards]; 0 at a card's first step and in padding). */
  recall: TF.Tensor2D
  /** Stability and difficulty after each step ([steps, cards]). */
  stability: TF.Tensor2D
  difficulty: TF.Tensor2D
}

/** Runs the memory model over the batch with parameters `w` (a tensor of 21). */
export function fsrsForward(tf: Tf, w: TF.Tensor1D, batch: HistoryBatch): FsrsForward {
  const p = tf.unstack(w) as TF.Scalar[]
  const at = (i: number) => p[i]!
  const ratings = tf.tensor2d(batch.ratings, [batch.steps, batch.cards])
  const deltas = tf.tensor2d(batch.deltas, [batch.steps, batch.cards])
  const one = tf.scalar(1)

  const initialDifficulty = (g: TF.Tensor) => tf.sub(at(4), tf.exp(tf.mul(tf.sub(g, 1), at(5)))).add(one)
  const decay = tf.neg(at(20))
  const factor = tf.exp(tf.div(Math.log(0.9), decay)).sub(one)
  const forgettingCurve = (t: TF.Tensor, s: TF.Tensor) => tf.pow(tf.add(one, tf.div(tf.mul(factor, t), s)), decay)
  const easyDifficulty = initialDifficulty(tf.scalar(4))

  const byStep = tf.unstack(ratings)
  const deltaByStep = tf.unstack(deltas)
  const g0 = byStep[0]!
  // The first rating picks its initial stability (one-hot, since gather's gradient is missing on WASM).
  const firstPick = tf.oneHot(tf.cast(tf.sub(g0, 1), 'int32'), 4)
  let s = tf.maximum(tf.sum(tf.mul(firstPick, w.slice(0, 4)), 1), 0.1)
  let d = tf.clipByValue(initialDifficulty(g0), 1, 10)
  const recalls: TF.Tensor[] = [tf.zerosLike(g0)]
  const stabilities: TF.Tensor[] = [s]
  const difficulties: TF.Tensor[] = [d]
  for (let step = 1; step < batch.steps; step++) {
    const g = byStep[step]!
    const t = deltaByStep[step]!
    const answered = tf.greater(g, 0)
    const r = forgettingCurve(t, s)

    // Same day: the short-term update, never below the old stability for Hard and better.
    const sinc = tf.mul(tf.pow(s, tf.neg(at(19))), tf.exp(tf.mul(at(17), tf.add(tf.sub(g, 3), at(18)))))
    const maskedSinc = tf.where(tf.greaterEqual(g, 2), tf.maximum(sinc, 1), sinc)
    const shortTerm = tf.clipByValue(tf.mul(s, maskedSinc), S_MIN, S_MAX)
    // Forgotten: the post-lapse stability, at most the short-term floor allows.
    const forgotten = tf.clipByValue(
      tf.mul(tf.mul(tf.mul(at(11), tf.pow(d, tf.neg(at(12)))), tf.sub(tf.pow(tf.add(s, 1), at(13)), 1)), tf.exp(tf.mul(tf.sub(one, r), at(14)))),
      S_MIN, S_MAX)
    const lapse = tf.minimum(tf.maximum(tf.div(s, tf.exp(tf.mul(at(17), at(18)))), S_MIN), forgotten)
    // Recalled: growth falls with stability and difficulty, rises with how much had been forgotten.
    const hardPenalty = tf.where(tf.equal(g, 2), tf.mul(at(15), tf.onesLike(g)), tf.onesLike(g))
    const easyBonus = tf.where(tf.equal(g, 4), tf.mul(at(16), tf.onesLike(g)), tf.onesLike(g))
    const growth = tf.mul(tf.mul(tf.mul(tf.exp(at(8)), tf.sub(11, d)), tf.pow(s, tf.neg(at(9)))), tf.sub(tf.exp(tf.mul(tf.sub(one, r), at(10))), 1))
    const recalled = tf.clipByValue(tf.mul(s, tf.add(one, tf.mul(tf.mul(growth, hardPenalty), easyBonus))), S_MIN, S_MAX)

    const nextS = tf.where(tf.equal(t, 0), shortTerm, tf.where(tf.equal(g, 1), lapse, recalled))
    // Difficulty: a linear step damped towards 10, then mean reversion towards D0(Easy).
    const stepped = tf.add(d, tf.div(tf.mul(tf.mul(tf.neg(at(6)), tf.sub(g, 3)), tf.sub(10, d)), 9))
    const nextD = tf.clipByValue(tf.add(tf.mul(at(7), easyDifficulty), tf.mul(tf.sub(one, at(7)), stepped)), 1, 10)

    recalls.push(tf.where(answered, r, tf.zerosLike(r)))
    s = tf.where(answered, nextS, s)
    d = tf.where(answered, nextD, d)
    stabilities.push(s)
    difficulties.push(d)
  }
  return {
    recall: tf.stack(recalls) as TF.Tensor2D,
    stability: tf.stack(stabilities) as TF.Tensor2D,
    difficulty: tf.stack(difficulties) as TF.Tensor2D,
  }
}

// Keeps the logarithms finite where a prediction rounds to 0 or 1 in float32.
const epsilon = 1e-6

/** Summed binary cross-entropy of the scored predictions: recalled is any rating but Again. */
export function fsrsLogLossSum(tf: Tf, w: TF.Tensor1D, batch: HistoryBatch): TF.Scalar {
  const { recall } = fsrsForward(tf, w, batch)
  const ratings = tf.tensor2d(batch.ratings, [batch.steps, batch.cards])
  const scored = tf.tensor2d(batch.scored, [batch.steps, batch.cards])
  const y = tf.cast(tf.greater(ratings, 1), 'float32')
  const p = tf.clipByValue(recall, epsilon, 1 - epsilon)
  const perAnswer = tf.add(tf.mul(y, tf.log(p)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, p))))
  return tf.neg(tf.sum(tf.mul(perAnswer, scored)))
}
