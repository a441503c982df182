import type { Atom } from '../../shared/schemas/atom'
import type { KeyTerm } from '../../shared/schemas/glossary'
import { countWordsAtomized, describeStages, timeStage } from '../metrics/pipeline'
import type { PreviousAtom } from './ids'
import { AtomizeInputError, type SourceFormat } from './model'
import type { AtomType, ClassifyInput } from './nlp/classify'
import type { DefinitionJudge } from './nlp/definitions'
import type { DifficultyInput } from './nlp/difficulty'
import type { TermSelector } from './nlp/terms'
import { pipeline, type EngineStage } from './pipeline'
import type { Unit } from './segment/units'
import { newRun } from './stages/state'
import { cooperative } from './yield'

export { engineStages, type EngineStage } from './pipeline'

describeStages(pipeline.map(stage => stage.name))

export interface EngineSource {
  /** Names the source in ids and output: a document id, or a file path for the CLI. */
  key: string
  title?: string
  format: SourceFormat
  data: Uint8Array
  /** The atoms this source had before, so unchanged and lightly edited atoms keep their ids. */
  previous?: PreviousAtom[]
}

export interface EngineOptions {
  minWords: number
  maxWords: number
  /** Refuse documents with more extracted text than this. */
  maxTextChars?: number
  /** Give up (with a clear error) after this long. */
  timeLimitMs?: number
  signal?: AbortSignal
  /**
   * Hears the step under way and the share of the whole run done (0..1, never decreasing, by the stages'
   * weights in pipeline.ts); reaches 1 once the documents are made.
   */
  onProgress?: (stage: EngineStage, done: number) => void | Promise<void>
  /** Types all atoms at once (the rules with the type model, server/ml); without it the rules alone type them. */
  typeAtoms?: (inputs: ClassifyInput[]) => Promise<AtomType[]>
  /** Scores all atoms' difficulty at once, after typing (the difficulty model, server/ml); without it the text heuristic does. */
  scoreDifficulty?: (inputs: DifficultyInput[]) => Promise<number[]>
  /**
   * Chooses each document's key terms, ranked with scores, from all its candidates (the key-term model,
   * server/ml/terms); without it, or when it gives none, the rules choose (selectKeyTerms).
   */
  selectTerms?: TermSelector
  /**
   * Weighs the definitions the text's patterns find, once key terms are chosen (the definitions model,
   * server/ml/definitions); without it, or when it gives no verdict, every one found is kept.
   */
  judgeDefinitions?: DefinitionJudge
  /** Cohesion between units for splitting long sections; unless given, lexical, blended with meaning when `embedAtoms` embeds (see segment/meaning.ts). */
  cohesion?: (units: Unit[]) => number[]
  /**
   * Embeds texts as unit vectors with the version of the encoder that made them (server/ml); atoms then carry
   * their vector, related atoms weigh meaning too, and long sections are split where meaning shifts as well as words.
   */
  embedAtoms?: (texts: string[]) => Promise<{ vectors: number[][], version: string } | undefined>
}

/** An atom as the engine makes it: not yet in a document, with its embedding when an embedder was given. */
export type EngineAtom = Omit<Atom, 'documentId' | 'html'> & { embedding?: number[], embeddingVersion?: string }

export interface EngineDocument {
  key: string
  title: string
  atoms: EngineAtom[]
  /** The document's key terms, best first. */
  keyTerms: string[]
  /** The same key terms with their keys and scores (the model's probability, or the rules' score). */
  rankedTerms: { term: string, key: string, score: number }[]
  /** The same key terms with their scores (0..1), definitions and the atoms that define (or first use) them. */
  glossary: KeyTerm[]
  /** Atom ids in an order that puts prerequisites first. */
  readingOrder: string[]
}

/** Cancellation, the time limit and progress, checked between pieces of work; also gives the event loop its turns. */
function checkpoints(options: EngineOptions) {
  const deadline = options.timeLimitMs ? Date.now() + options.timeLimitMs : Infinity
  const pause = cooperative()
  return async (stage: EngineStage, done: number) => {
    options.signal?.throwIfAborted()
    if (Date.now() > deadline) throw new AtomizeInputError(`Atomizing took longer than the limit of ${Math.round(options.timeLimitMs! / 1000)} s.`)
    await pause()
    await options.onProgress?.(stage, done)
  }
}

/**
 * The atomization engine: sources in, typed and linked atoms out, through the stages of `pipeline` in order.
 * Several sources form one collection: key terms are weighed across it and prerequisites and related atoms
 * may cross sources.
 */
export async function atomizeCollection(sources: EngineSource[], options: EngineOptions): Promise<EngineDocument[]> {
  const checkpoint = checkpoints(options)
  const run = newRun(sources, options)
  const totalWeight = pipeline.reduce((sum, stage) => sum + stage.weight, 0)
  let before = 0
  for (const stage of pipeline) {
    const progress = (fraction: number) => checkpoint(stage.reports, (before + stage.weight * Math.min(1, fraction)) / totalWeight)
    await progress(0)
    const stageDone = timeStage(stage.name)
    await stage.run(run, progress)
    stageDone()
    before += stage.weight
  }
  await checkpoint(pipeline.at(-1)!.reports, 1)
  countWordsAtomized(run.documents.reduce((sum, document) => sum + document.atoms.reduce((words, atom) => words + atom.wordCount, 0), 0))
  return run.documents
}
