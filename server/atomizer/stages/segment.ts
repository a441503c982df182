import { segment } from '../segment'
import { cohesionFor } from '../segment/meaning'
import type { PipelineRun, StageProgress } from './state'

/** Each source's units into atoms-to-be: by headings, then by cohesion within long sections, then by size. */
export async function segmentSources(run: PipelineRun, progress: StageProgress) {
  const { options } = run
  for (const [index, units] of run.units.entries()) {
    await progress(index / run.units.length)
    const kept = units.filter(unit => unit.words > 0 || unit.block.kind === 'heading')
    const cohesion = options.cohesion ?? await cohesionFor(kept, options, options.embedAtoms)
    run.segments.push(segment(kept, { ...options, cohesion }))
  }
}
