import type { Atom } from '../../shared/schemas/atom'
import { bodyUnits } from './edit'
import type { Block } from './model'
import { analyze } from './nlp/analyze'
import type { DefinitionCandidate } from './nlp/definitions'
import type { Segment } from './segment'
import { unitOf, type Unit } from './segment/units'
import { definitionCandidates } from './stages/definitions'
import type { Draft } from './stages/state'
import { collectTerms } from './stages/terms'
import { cooperative } from './yield'

const headingBlock = (text: string): Block => ({
  kind: 'heading', depth: 2, markdown: `## ${text}`, text, emphasis: [], glossary: [], items: [], ordered: false, start: 0, end: 0,
})

/**
 * The definitions one atom of a document gives, as the definitions model sees them when the engine reads the
 * whole document: with the term's statistics across every atom (how often and where it is used, emphasised,
 * in headings) and its place among the document's other definitions of it. The document is read from its
 * atoms (each title as a heading, then its body), so an author's edit is judged as the worker would judge it.
 */
export async function documentDefinitionCandidates(atoms: Atom[], atomId: string, keyTermScores: Map<string, number>): Promise<DefinitionCandidate[]> {
  // A long document takes a while to read: the server keeps answering meanwhile.
  const pause = cooperative()
  const units: Unit[] = []
  const segments: Segment[] = []
  for (const atom of atoms) {
    await pause()
    const body = bodyUnits(atom.body)
    units.push(unitOf(headingBlock(atom.title), analyze(atom.title)), ...body)
    segments.push({ trail: [atom.title], units: body, words: body.reduce((sum, unit) => sum + unit.words, 0), part: 0, parts: 1 })
  }
  const drafts: Draft[] = []
  const stats = await collectTerms(segments, units, 0, drafts, pause)
  const keyTerms = new Map([...keyTermScores].map(([key, score]) => [key, { score }]))
  const edited = drafts[atoms.findIndex(atom => atom.id === atomId)]
  return definitionCandidates(drafts, [stats], [keyTerms]).filter(({ draft }) => draft === edited).map(({ candidate }) => candidate)
}
