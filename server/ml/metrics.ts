/** Share of predictions equal to the gold label. */
export function accuracy<T>(gold: T[], predicted: T[]): number {
  if (gold.length === 0) return 0
  return gold.filter((label, i) => label === predicted[i]).length / gold.length
}

/** F1 per label, over the labels that occur in the gold set or the predictions. */
export function f1ByLabel<T>(gold: T[], predicted: T[]): Map<T, number> {
  const labels = new Set([...gold, ...predicted])
  const scores = new Map<T, number>()
  for (const label of labels) {
    const truePositives = gold.filter((g, i) => g === label && predicted[i] === label).length
    const predictedCount = predicted.filter(p => p === label).length
    const goldCount = gold.filter(g => g === label).length
    const precision = predictedCount ? truePositives / predictedCount : 0
    const recall = goldCount ? truePositives / goldCount : 0
    scores.set(label, precision + recall ? (2 * precision * recall) / (precision + recall) : 0)
  }
  return scores
}

/** Unweighted mean of the per-label F1: rare types count as much as common ones. */
export function macroF1<T>(gold: T[], predicted: T[]): number {
  const scores = [...f1ByLabel(gold, predicted).values()]
  return scores.length ? scores.reduce((sum, score) => sum + score, 0) / scores.length : 0
}

/** Mean absolute error of the predictions. */
export function meanAbsoluteError(gold: number[], predicted: number[]): number {
  if (gold.length === 0) return 0
  return gold.reduce((sum, value, i) => sum + Math.abs(value - predicted[i]!), 0) / gold.length
}

/** Root mean squared error of the predictions: large misses weigh more than in the MAE. */
export function rootMeanSquaredError(gold: number[], predicted: number[]): number {
  if (gold.length === 0) return 0
  return Math.sqrt(gold.reduce((sum, value, i) => sum + (value - predicted[i]!) ** 2, 0) / gold.length)
}

/** Ranks from 1, ties sharing the mean of the ranks they span. */
function ranks(values: number[]): number[] {
  const order = values.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value)
  const result = new Array<number>(values.length)
  for (let start = 0; start < order.length;) {
    let end = start
    while (end + 1 < order.length && order[end + 1]!.value === order[start]!.value) end++
    for (let i = start; i <= end; i++) result[order[i]!.index] = (start + end) / 2 + 1
    start = end + 1
  }
  return result
}

/** Pearson correlation; 0 when either side does not vary. */
export function pearson(a: number[], b: number[]): number {
  const n = a.length
  if (n === 0) return 0
  const meanA = a.reduce((sum, value) => sum + value, 0) / n
  const meanB = b.reduce((sum, value) => sum + value, 0) / n
  let covariance = 0
  let varianceA = 0
  let varianceB = 0
  for (let i = 0; i < n; i++) {
    covariance += (a[i]! - meanA) * (b[i]! - meanB)
    varianceA += (a[i]! - meanA) ** 2
    varianceB += (b[i]! - meanB) ** 2
  }
  return varianceA > 0 && varianceB > 0 ? covariance / Math.sqrt(varianceA * varianceB) : 0
}

/** Spearman's rank correlation: does the prediction order atoms as the gold values do, whatever the scale. */
export const spearman = (gold: number[], predicted: number[]): number => pearson(ranks(gold), ranks(predicted))
