import type { Card } from '../../../shared/schemas/atom'
import { cardsFor } from '../cards'
import type { PipelineRun, StageProgress } from './state'

/** Each atom's review cards, with one definition card per term and source. */
export async function makeCards(run: PipelineRun, progress: StageProgress) {
  const { sources, atoms, drafts } = run
  // One definition card per term and document: the glossary's meaning where the document has one, else the first the text gives.
  const glossaryKeys = sources.map((_, source) => new Set(drafts.flatMap(draft => (draft.source === source ? draft.definitions.filter(d => d.kind === 'glossary').map(d => d.key) : []))))
  const carded = sources.map(() => new Set<string>())
  for (const [i, atom] of atoms.entries()) {
    if (i % 20 === 0) await progress(i / atoms.length)
    const source = drafts[i]!.source
    const definitions = drafts[i]!.definitions.filter(definition => atom.definitions.some(d => d.term === definition.term)
      && (definition.kind === 'glossary' || !glossaryKeys[source]!.has(definition.key)) && !carded[source]!.has(definition.key))
    definitions.forEach(definition => carded[source]!.add(definition.key))
    atom.cards = cardsFor({
      title: atom.title, type: atom.type, text: atom.text, sentences: drafts[i]!.analysis.sentences,
      definitions,
      terms: atom.terms.map(term => term.term),
      steps: drafts[i]!.blocks.filter(block => block.kind === 'list' && block.ordered).flatMap(block => block.items),
    }) satisfies Card[]
  }
}
