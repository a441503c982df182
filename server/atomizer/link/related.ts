/** A term in more atoms than this share says little about any two of them, and comparing them all would cost n². */
const maxPostings = 150

/** How much meaning (embedding cosine) counts against shared terms when both are known. */
const meaningWeight = 0.5
/** With meaning in the score every pair has some; this floor keeps links to atoms close in meaning or terms. */
const combinedFloor = 0.22

const cosine = (a: number[], b: number[]) => a.reduce((sum, value, i) => sum + value * b[i]!, 0)

export interface RelatedOptions {
  limit?: number
  floor?: number
  pause?: () => Promise<void>
  /** Unit vectors of the atoms' meaning (undefined where an atom has none): related then also by meaning. */
  vectors?: (number[] | undefined)[]
}

/**
 * Related atoms by shared key terms (cosine similarity of TF-IDF term vectors) and, where atoms have
 * embeddings, by meaning: the score is then the mean of the two, so atoms that say the same in other words
 * are found, and atoms sharing only a term rank lower. The best few above a floor. Without vectors, only
 * atoms sharing a (not ubiquitous) term are compared, through an inverted index; `pause` lets a long run
 * give the event loop its turns.
 */
export async function relatedAtoms(termCounts: Map<string, number>[], { limit = 5, floor = 0.12, pause = async () => {}, vectors }: RelatedOptions = {}): Promise<{ index: number, score: number }[][]> {
  const postings = new Map<string, number[]>()
  termCounts.forEach((counts, index) => {
    for (const key of counts.keys()) {
      const list = postings.get(key)
      if (list) list.push(index)
      else postings.set(key, [index])
    }
  })
  const total = termCounts.length
  const idf = new Map([...postings].map(([key, list]) => [key, Math.log(1 + total / list.length)]))
  const termVectors = termCounts.map((counts) => {
    const vector = new Map([...counts].map(([key, count]) => [key, (1 + Math.log(count)) * idf.get(key)!]))
    const norm = Math.sqrt([...vector.values()].reduce((sum, weight) => sum + weight * weight, 0)) || 1
    return { vector, norm }
  })
  const related: { index: number, score: number }[][] = []
  for (const [index, { vector, norm }] of termVectors.entries()) {
    await pause()
    const dots = new Map<number, number>()
    for (const [key, weight] of vector) {
      const list = postings.get(key)!
      if (list.length > maxPostings) continue
      for (const other of list) {
        if (other !== index) dots.set(other, (dots.get(other) ?? 0) + weight * termVectors[other]!.vector.get(key)!)
      }
    }
    const termScores = new Map([...dots].map(([other, dot]) => [other, dot / (norm * termVectors[other]!.norm)]))
    related.push(combinedScores(index, termScores, vectors)
      .map(([other, score]) => ({ index: other, score: Math.round(score * 1000) / 1000 }))
      .filter(link => link.score >= (vectors?.[index] ? Math.max(floor, combinedFloor) : floor))
      .sort((a, b) => b.score - a.score || a.index - b.index)
      .slice(0, limit))
  }
  return related
}

/** Term scores alone, or, where both atoms have vectors, the weighted mean of term and meaning scores over every other atom. */
function combinedScores(index: number, termScores: Map<number, number>, vectors: (number[] | undefined)[] | undefined): [number, number][] {
  const own = vectors?.[index]
  if (!own) return [...termScores]
  const scores: [number, number][] = []
  vectors.forEach((vector, other) => {
    if (other === index) return
    const term = termScores.get(other) ?? 0
    scores.push([other, vector ? (1 - meaningWeight) * term + meaningWeight * Math.max(0, cosine(own, vector)) : term])
  })
  return scores
}
