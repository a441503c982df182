/** A term in more atoms than this share says little about any two of them, and comparing them all would cost n². */
const maxPostings = 150

/**
 * Related atoms by shared key terms: cosine similarity of TF-IDF term vectors, the best few above a floor.
 * Only atoms sharing a (not ubiquitous) term are compared, through an inverted index; `pause` lets a long run
 * give the event loop its turns.
 */
export async function relatedAtoms(termCounts: Map<string, number>[], { limit = 5, floor = 0.12, pause = async () => {} } = {}): Promise<{ index: number, score: number }[][]> {
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
  const vectors = termCounts.map((counts) => {
    const vector = new Map([...counts].map(([key, count]) => [key, (1 + Math.log(count)) * idf.get(key)!]))
    const norm = Math.sqrt([...vector.values()].reduce((sum, weight) => sum + weight * weight, 0)) || 1
    return { vector, norm }
  })
  const related: { index: number, score: number }[][] = []
  for (const [index, { vector, norm }] of vectors.entries()) {
    await pause()
    const dots = new Map<number, number>()
    for (const [key, weight] of vector) {
      const list = postings.get(key)!
      if (list.length > maxPostings) continue
      for (const other of list) {
        if (other !== index) dots.set(other, (dots.get(other) ?? 0) + weight * vectors[other]!.vector.get(key)!)
      }
    }
    related.push([...dots]
      .map(([other, dot]) => ({ index: other, score: Math.round(dot / (norm * vectors[other]!.norm) * 1000) / 1000 }))
      .filter(link => link.score >= floor)
      .sort((a, b) => b.score - a.score || a.index - b.index)
      .slice(0, limit))
  }
  return related
}
