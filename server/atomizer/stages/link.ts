import type { EngineAtom } from '../engine'
import { prerequisiteEdges } from '../link/prerequisites'
import { relatedAtoms } from '../link/related'
import { termKey } from '../nlp/term-key'
import { cooperative } from '../yield'
import type { PipelineRun } from './state'

/** Prerequisites, related atoms and each term's defining atom, across the whole collection. */
export async function linkAtoms(run: PipelineRun) {
  const { atoms, drafts } = run
  const pause = cooperative()
  const linkable = atoms.map(atom => ({
    uses: atom.terms.map(term => term.key),
    defines: atom.definitions.map(definition => termKey(definition.term)),
    foundational: foundational(atom),
  }))
  const definer = new Map<string, string>()
  linkable.forEach((atom, i) => atom.defines.forEach(key => definer.has(key) || definer.set(key, atoms[i]!.id)))
  prerequisiteEdges(linkable).forEach((edges, i) => {
    atoms[i]!.prerequisites = edges.map(target => atoms[target]!.id)
  })
  const termCounts = drafts.map((draft, i) => new Map([...draft.keys].filter(([key]) => atoms[i]!.terms.some(term => term.key === key))))
  const related = await relatedAtoms(termCounts, { pause, vectors: atoms.map(atom => atom.embedding) })
  related.forEach((links, i) => {
    atoms[i]!.related = links.map(link => ({ id: atoms[link.index]!.id, score: link.score }))
  })
  for (const atom of atoms) {
    atom.terms = atom.terms.map(term => ({ ...term, ...(definer.has(term.key) && { definedBy: definer.get(term.key) }) }))
  }
}

/** Headings of parts a learner reads around the teaching: they open, sum up or test it, and teach nothing new to build on. */
const frameHeading = /^(?:introduction|overview|preface|summary|chapter (?:summary|review)|section summary|review(?: questions)?|key (?:terms|concepts|takeaways)|glossary|questions?|exercises?|practice|self-check|conclusion|further reading|references)\b/i

/** Whether later atoms may build on this one: not an introduction, a summary, a glossary or review questions. */
function foundational(atom: EngineAtom): boolean {
  if (atom.type === 'summary' || atom.type === 'exercise') return false
  return !atom.headingTrail.slice(1).some(heading => frameHeading.test(heading)) && !(atom.headingTrail.length <= 1 && frameHeading.test(atom.title))
}
