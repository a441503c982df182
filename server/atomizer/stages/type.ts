import type { PipelineRun } from './state'

/** All atoms typed at once by the `typeAtoms` hook (the rules with the type model); without it the rules' types stay. */
export async function typeAtoms(run: PipelineRun) {
  if (!run.options.typeAtoms) return
  const types = await run.options.typeAtoms(run.typeInputs)
  run.atoms.forEach((atom, i) => atom.type = types[i]!)
}
