import { blendCohesion, cohesionAtGaps, vectorCohesionAtGaps } from './cohesion'
import { unitsCompared, type SegmentOptions } from './index'
import type { Unit } from './units'

/** Texts in, unit vectors out (of one encoder: compared only with each other); undefined when no encoder can load. */
export type TextVectors = (texts: string[]) => Promise<{ vectors: number[][] } | undefined>

/**
 * How much cohesion of meaning counts beside lexical cohesion (see `blendCohesion`). Chosen on the gold topic
 * boundaries of the fixture corpus, where it did at least as well as lexical cohesion alone also on each
 * document held out of the choice (npm run bench:ml).
 */
export const meaningWeight = 0.2

/** Cohesion across gaps, lexical blended with meaning, given the vector of each unit's text. */
export function meaningCohesion(vectorOf: (text: string) => number[] | undefined, weight = meaningWeight): (units: Unit[]) => number[] {
  return units => blendCohesion(cohesionAtGaps(units), vectorCohesionAtGaps(units.map(unit => vectorOf(unit.block.text))), weight)
}

/**
 * The cohesion to segment these units with: blended with meaning when the units that will be compared can be
 * embedded (one batch), lexical alone without an embedder or when no encoder loads.
 */
export async function cohesionFor(units: Unit[], options: SegmentOptions, embed?: TextVectors): Promise<(units: Unit[]) => number[]> {
  if (!embed || meaningWeight <= 0) return cohesionAtGaps
  const texts = [...new Set(unitsCompared(units, options).map(unit => unit.block.text))]
  if (texts.length === 0) return cohesionAtGaps
  const vectors = (await embed(texts))?.vectors
  if (!vectors) return cohesionAtGaps
  const byText = new Map(texts.map((text, i) => [text, vectors[i]]))
  return meaningCohesion(text => byText.get(text))
}
