export interface LinkableAtom {
  /** Key terms the atom uses. */
  uses: string[]
  /** Key terms the atom defines. */
  defines: string[]
}

/** Whether `to` can be reached from `from` along the edges so far. */
function reaches(edges: Set<number>[], from: number, to: number): boolean {
  const stack = [from]
  const seen = new Set<number>()
  while (stack.length > 0) {
    const node = stack.pop()!
    if (node === to) return true
    if (seen.has(node)) continue
    seen.add(node)
    stack.push(...edges[node]!)
  }
  return false
}

/**
 * Prerequisite edges: an atom depends on the first atom (in document order) that defines a term it uses
 * without defining it. Dependencies on earlier atoms are always kept; one on a later atom is kept only if it
 * closes no cycle, so the graph stays acyclic. Returns, for each atom, the indexes of its prerequisites.
 */
export function prerequisiteEdges(atoms: LinkableAtom[]): number[][] {
  const definer = new Map<string, number>()
  atoms.forEach((atom, index) => {
    for (const key of atom.defines) if (!definer.has(key)) definer.set(key, index)
  })
  const edges = atoms.map(() => new Set<number>())
  const forward: [number, number][] = []
  atoms.forEach((atom, index) => {
    const own = new Set(atom.defines)
    for (const key of atom.uses) {
      const target = definer.get(key)
      if (target === undefined || target === index || own.has(key)) continue
      if (target < index) edges[index]!.add(target)
      else forward.push([index, target])
    }
  })
  for (const [from, to] of forward) {
    if (!reaches(edges, to, from)) edges[from]!.add(to)
  }
  return edges.map(set => [...set].sort((a, b) => a - b))
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
