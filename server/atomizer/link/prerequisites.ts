export interface LinkableAtom {
  /** Key terms the atom uses. */
  uses: string[]
  /** Key terms the atom defines. */
  defines: string[]
  /** Whether other atoms may build on it: not an introduction, a summary, a glossary or review questions. */
  foundational?: boolean
}

/**
 * Prerequisite edges: an atom depends on the first earlier atom (in document order) that defines a term it
 * uses without defining it. The evidence is that term; a term defined only later is a forward mention, not a
 * prerequisite, and introductions, summaries, glossaries and review questions are never prerequisites. Every
 * edge points back, so the graph is acyclic and the book's order is a reading order. Returns, for each atom,
 * the indexes of its prerequisites.
 */
export function prerequisiteEdges(atoms: LinkableAtom[]): number[][] {
  const definer = new Map<string, number>()
  atoms.forEach((atom, index) => {
    if (atom.foundational === false) return
    for (const key of atom.defines) if (!definer.has(key)) definer.set(key, index)
  })
  return atoms.map((atom, index) => {
    const own = new Set(atom.defines)
    const edges = new Set<number>()
    for (const key of atom.uses) {
      const target = definer.get(key)
      if (target !== undefined && target < index && !own.has(key)) edges.add(target)
    }
    return [...edges].sort((a, b) => a - b)
  })
}

/** A reading order in which every atom comes after its prerequisites, otherwise in document order. */
export function readingOrder(prerequisites: number[][]): number[] {
  const waiting = prerequisites.map(list => list.length)
  const dependents = prerequisites.map(() => [] as number[])
  prerequisites.forEach((list, index) => list.forEach(required => dependents[required]!.push(index)))
  const ready = waiting.flatMap((count, index) => (count === 0 ? [index] : []))
  const order: number[] = []
  while (ready.length > 0) {
    ready.sort((a, b) => a - b)
    const next = ready.shift()!
    order.push(next)
    for (const dependent of dependents[next]!) if (--waiting[dependent]! === 0) ready.push(dependent)
  }
  return order
}
