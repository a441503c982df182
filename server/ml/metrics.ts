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
