/** A value axis from zero with round steps (1, 2 or 5 times a power of ten) and whole-number ticks. */
export interface ChartScale {
  /** The top of the axis, a multiple of `step`, at least the largest value. */
  max: number
  step: number
  /** The tick values from zero up to `max`. */
  ticks: number[]
}

export function chartScale(largest: number, wantedTicks = 4): ChartScale {
  if (!(largest > 0)) return { max: 1, step: 1, ticks: [0, 1] }
  const rough = largest / wantedTicks
  const power = 10 ** Math.floor(Math.log10(rough))
  const step = Math.max(1, [1, 2, 5, 10].map(factor => factor * power).find(candidate => candidate >= rough)!)
  const max = Math.ceil(largest / step) * step
  return { max, step, ticks: Array.from({ length: max / step + 1 }, (_, index) => index * step) }
}

/** Every how many bars a label fits under the axis, so at most `most` labels show. */
export function labelEvery(count: number, most = 7): number {
  return Math.max(1, Math.ceil(count / most))
}
