import { atomizeCollection } from '../../server/atomizer'
import { cohesionAtGaps } from '../../server/atomizer/segment/cohesion'
import type { TextVectors } from '../../server/atomizer/segment/meaning'
import type { Unit } from '../../server/atomizer/segment/units'
import { configDefaults } from '../../server/config'
import { evaluate, loadCorpus, pooled, type CorpusDocument, type Scores } from './quality'

export type Cohesion = (units: Unit[]) => number[]

/** The labelled documents with gold topic boundaries (the unheaded texts). */
export const boundaryDocuments = (): CorpusDocument[] => loadCorpus().filter(doc => doc.gold.boundaries?.length)

/** Topic boundaries of one document atomized with the given cohesion, everything else as the engine does it. */
export async function boundaryScores(doc: CorpusDocument, cohesion: Cohesion): Promise<Scores> {
  const [result] = await atomizeCollection([{ key: doc.name, format: doc.format, data: doc.data }],
    { minWords: configDefaults.atomMinWords, maxWords: configDefaults.atomMaxWords, cohesion })
  return evaluate(doc, result!).boundaries!
}

/** The vector of every unit text the segmenter compares in these documents, embedded in one batch. */
export async function comparedUnitVectors(docs: CorpusDocument[], embed: TextVectors): Promise<Map<string, number[]>> {
  const texts = new Set<string>()
  for (const doc of docs) {
    await boundaryScores(doc, (units) => {
      units.forEach(unit => texts.add(unit.block.text))
      return cohesionAtGaps(units)
    })
  }
  const list = [...texts]
  const vectors = (await embed(list))?.vectors
  if (!vectors) throw new Error('no text encoder: cohesion of meaning cannot be measured')
  return new Map(list.map((text, i) => [text, vectors[i]!]))
}

/**
 * The blend weight to choose from pooled F1 at each weight (`weights` ascending from 0, lexical alone): the middle
 * of the run of weights from 0 up that do at least as well as lexical alone. Not the best weight: on a few
 * documents the best is mostly noise, and the middle of what does no harm stays furthest from where it starts to.
 */
export function chooseWeight(weights: number[], f1At: number[]): number {
  let last = 0
  while (last + 1 < weights.length && f1At[last + 1]! >= f1At[0]!) last++
  return weights[Math.floor(last / 2)]!
}

export interface HeldOutFold {
  document: string
  weight: number
  scores: Scores
}

/**
 * Leave-one-document-out: for each document, the weight `chooseWeight` picks on the other documents, scored on
 * the document left out. `scoresAt[w][d]` are the scores of document d at weight `weights[w]`.
 */
export function leaveOneDocumentOut(documents: string[], weights: number[], scoresAt: Scores[][]): { folds: HeldOutFold[], pooled: Scores } {
  const folds = documents.map((document, heldOut) => {
    const weight = chooseWeight(weights, weights.map((_, w) => pooled(scoresAt[w]!.filter((_, d) => d !== heldOut)).f1))
    return { document, weight, scores: scoresAt[weights.indexOf(weight)]![heldOut]! }
  })
  return { folds, pooled: pooled(folds.map(fold => fold.scores)) }
}
