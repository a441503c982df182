import type { Unit } from './units'

const contentTags = new Set(['NOUN', 'PROPN', 'VERB', 'ADJ'])

/** Content lemmas of a unit: what topic similarity is measured on. */
export function bagOf(unit: Unit): Map<string, number> {
  const bag = new Map<string, number>()
  for (const sentence of unit.analysis.sentences) {
    for (const token of sentence.tokens) {
      if (token.stop || !contentTags.has(token.pos) || token.lemma.length < 3) continue
      bag.set(token.lemma, (bag.get(token.lemma) ?? 0) + 1)
    }
  }
  return bag
}

function add(into: Map<string, number>, bag: Map<string, number>) {
  for (const [lemma, count] of bag) into.set(lemma, (into.get(lemma) ?? 0) + count)
}

function cosine(a: Map<string, number>, b: Map<string, number>): number {
  let dot = 0
  let normA = 0
  let normB = 0
  for (const [lemma, count] of a) {
    normA += count * count
    dot += count * (b.get(lemma) ?? 0)
  }
  for (const count of b.values()) normB += count * count
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB)
}

/**
 * Lexical cohesion across each gap between consecutive units, in the spirit of TextTiling: the similarity
 * of the `window` units before the gap with the `window` after. `gaps[i]` is the gap before unit i (gaps[0] = 0).
 */
export function cohesionAtGaps(units: Unit[], window = 2): number[] {
  const bags = units.map(bagOf)
  const gaps = [0]
  for (let i = 1; i < units.length; i++) {
    const before = new Map<string, number>()
    const after = new Map<string, number>()
    for (let k = Math.max(0, i - window); k < i; k++) add(before, bags[k]!)
    for (let k = i; k < Math.min(units.length, i + window); k++) add(after, bags[k]!)
    gaps.push(cosine(before, after))
  }
  return gaps
}

/**
 * The same measure on meaning: the cosine of the summed unit vectors (embeddings) of the `window` units before
 * and after each gap. A unit without a vector counts as nothing.
 */
export function vectorCohesionAtGaps(vectors: (number[] | undefined)[], window = 2): number[] {
  const sum = (from: number, to: number) => {
    const total: number[] = []
    for (let k = Math.max(0, from); k < Math.min(vectors.length, to); k++) {
      vectors[k]?.forEach((value, d) => total[d] = (total[d] ?? 0) + value)
    }
    return total
  }
  const gaps = [0]
  for (let i = 1; i < vectors.length; i++) {
    const before = sum(i - window, i)
    const after = sum(i, i + window)
    const dot = before.reduce((total, value, d) => total + value * (after[d] ?? 0), 0)
    const norms = Math.hypot(...before) * Math.hypot(...after)
    gaps.push(norms === 0 ? 0 : dot / norms)
  }
  return gaps
}

function meanAndSpread(values: number[]): { mean: number, spread: number } {
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length
  const spread = Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length)
  return { mean, spread }
}

/**
 * Lexical cohesion with cohesion of meaning mixed in by `weight` (0: lexical alone, 1: meaning alone). Cosines of
 * summed vectors sit far higher than those of lemma counts and vary less, so the meaning curve is first brought
 * to the lexical curve's mean and spread over the same gaps: the weight then changes where cuts fall, not how
 * costly a cut is against the size of the parts. gaps[0] stays 0.
 */
export function blendCohesion(lexical: number[], meaning: number[], weight: number): number[] {
  if (weight <= 0 || lexical.length < 2 || meaning.length !== lexical.length) return lexical
  const lexicalGaps = meanAndSpread(lexical.slice(1))
  const meaningGaps = meanAndSpread(meaning.slice(1))
  // A flat meaning curve (no vectors, or all alike) says nothing about where to cut; a flat lexical one gives no
  // spread to match, and meaning then keeps its own.
  if (meaningGaps.spread === 0) return lexical
  const spread = lexicalGaps.spread > 0 ? lexicalGaps.spread : meaningGaps.spread
  return lexical.map((value, i) => {
    if (i === 0) return 0
    const rescaled = lexicalGaps.mean + (meaning[i]! - meaningGaps.mean) / meaningGaps.spread * spread
    return (1 - weight) * value + weight * rescaled
  })
}
