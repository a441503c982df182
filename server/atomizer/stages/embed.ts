import { atomEmbeddingText } from '../../../shared/utils/subwords'
import type { PipelineRun } from './state'

/** Each atom's vector from the `embedAtoms` hook (the text encoder), with the encoder's version; none without it. */
export async function embedAtoms(run: PipelineRun) {
  if (!run.options.embedAtoms) return
  const { atoms } = run
  const embedded = await run.options.embedAtoms(atoms.map(atomEmbeddingText))
  embedded?.vectors.forEach((vector, i) => Object.assign(atoms[i]!, { embedding: vector, embeddingVersion: embedded.version }))
}
