import type { EngineAtom, EngineDocument, EngineOptions, EngineSource } from '../engine'
import type { Block } from '../model'
import type { Analysis } from '../nlp/analyze'
import type { ClassifyInput } from '../nlp/classify'
import type { Definition } from '../nlp/definitions'
import type { TermStats } from '../nlp/terms'
import type { Segment } from '../segment'
import type { Unit } from '../segment/units'

/** An atom in the making: one segment of a source, with the term candidates and definitions found in it. */
export interface Draft {
  source: number
  segment: Segment
  analysis: Analysis
  blocks: Block[]
  /** Candidate term keys, with how often the atom uses each. */
  keys: Map<string, number>
  definitions: Definition[]
}

/** A source's key term as chosen: its display form and score. */
export interface ChosenTerm {
  display: string
  score: number
}

/**
 * What the stages of one run share. Each stage reads what earlier stages left and adds its own; lists "per
 * source" follow `sources`, and `drafts`, `atoms` and `typeInputs` run in step, source after source.
 */
export interface PipelineRun {
  readonly sources: EngineSource[]
  readonly options: EngineOptions
  /** Per source (extract). */
  titles: string[]
  /** Per source, as extracted (extract). */
  blocks: Block[][]
  /** Per source: each block with its analysis (analyse). */
  units: Unit[][]
  /** Per source (segment). */
  segments: Segment[][]
  /** One per atom (terms). */
  drafts: Draft[]
  /** Per source: every term candidate and how the text uses it (terms). */
  termStats: Map<string, TermStats>[]
  /** Per source: the key terms by key, best first (terms). */
  keyTerms: Map<string, ChosenTerm>[]
  /** One per draft (atoms). */
  atoms: EngineAtom[]
  /** One per atom: what typing it takes (atoms). */
  typeInputs: ClassifyInput[]
  /** The result, one per source (documents). */
  documents: EngineDocument[]
}

export function newRun(sources: EngineSource[], options: EngineOptions): PipelineRun {
  return { sources, options, titles: [], blocks: [], units: [], segments: [], drafts: [], termStats: [], keyTerms: [], atoms: [], typeInputs: [], documents: [] }
}

/** A stage's progress: the share of its own work done (0..1, never decreasing); also where it may be cancelled. */
export type StageProgress = (fraction: number) => Promise<void>
