import { analyseBlocks } from './stages/analyse'
import { draftAtoms } from './stages/atoms'
import { makeCards } from './stages/cards'
import { judgeDefinitions } from './stages/definitions'
import { scoreDifficulty } from './stages/difficulty'
import { assembleDocuments } from './stages/documents'
import { embedAtoms } from './stages/embed'
import { extractSources } from './stages/extract'
import { assignAtomIds } from './stages/ids'
import { linkAtoms } from './stages/link'
import { segmentSources } from './stages/segment'
import type { PipelineRun, StageProgress } from './stages/state'
import { chooseKeyTerms } from './stages/terms'
import { typeAtoms } from './stages/type'

/**
 * The steps a document's progress names while the engine runs (its `stage`, worded for readers in
 * app/utils/labels.ts), in order. Several stages may report the same step.
 */
export const engineStages = ['extracting', 'analyzing', 'segmenting', 'terms', 'linking', 'cards'] as const
export type EngineStage = (typeof engineStages)[number]

export interface Stage {
  name: string
  /** The step the document's progress names while this stage runs. */
  reports: EngineStage
  /** The stage's share of the progress bar, against the other stages' weights. */
  weight: number
  /** Reads what earlier stages left in the run and adds its own; reports its progress and may be cancelled at each `progress` call. */
  run: (run: PipelineRun, progress: StageProgress) => void | Promise<void>
}

/**
 * The atomization pipeline, run in this order by `atomizeCollection` (engine.ts). Weights are each stage's
 * rough share (%) of the engine's time on textbook chapters with the models on; a PDF spends more on
 * extracting. A model behind a stage is an `EngineOptions` hook, so the stages stay pure.
 */
export const pipeline: readonly Stage[] = [
  { name: 'extract', reports: 'extracting', weight: 10, run: extractSources },
  { name: 'analyse', reports: 'analyzing', weight: 20, run: analyseBlocks },
  { name: 'segment', reports: 'segmenting', weight: 20, run: segmentSources },
  { name: 'terms', reports: 'terms', weight: 25, run: chooseKeyTerms },
  { name: 'definitions', reports: 'terms', weight: 1, run: judgeDefinitions },
  { name: 'atoms', reports: 'linking', weight: 2, run: draftAtoms },
  { name: 'ids', reports: 'linking', weight: 2, run: assignAtomIds },
  { name: 'type', reports: 'linking', weight: 3, run: typeAtoms },
  { name: 'difficulty', reports: 'linking', weight: 3, run: scoreDifficulty },
  { name: 'embed', reports: 'linking', weight: 8, run: embedAtoms },
  { name: 'link', reports: 'linking', weight: 2, run: linkAtoms },
  { name: 'cards', reports: 'cards', weight: 3, run: makeCards },
  { name: 'documents', reports: 'cards', weight: 1, run: assembleDocuments },
]
