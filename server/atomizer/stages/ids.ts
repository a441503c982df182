import { assignIds } from '../ids'
import type { PipelineRun } from './state'

/** Each source's atoms get ids aligned with its previous atoms (unchanged and lightly edited ones keep theirs) and their order. */
export function assignAtomIds(run: PipelineRun) {
  run.sources.forEach((source, sourceIndex) => {
    const own = run.atoms.filter((_, i) => run.drafts[i]!.source === sourceIndex)
    const ids = assignIds(source.key, own.map(atom => atom.body), source.previous)
    own.forEach((atom, order) => {
      atom.id = ids[order]!
      atom.order = order
    })
  })
}
