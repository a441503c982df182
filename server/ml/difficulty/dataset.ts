import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import type { Atom } from '../../../shared/schemas/atom'
import type { AtomType, ClassifyInput } from '../../atomizer/nlp/classify'
import { definitionsIn } from '../../atomizer/nlp/definitions'
import { difficultyOf, type DifficultyInput } from '../../atomizer/nlp/difficulty'
import { termKey } from '../../atomizer/nlp/term-key'
import { termCandidates } from '../../atomizer/nlp/terms'
import type { DocumentStore } from '../../drivers/store/types'
import { classifyInputOf, heldOutSplit, readLabelledSet, type LabelledAtom } from '../atom-types/dataset'
import { calibrate, calibrated, minLearnerCards, outcomesByAtom, targetOf, type AtomOutcome, type Calibration, type OutcomeReview } from './outcomes'
import { simulateReviews } from './simulate'

/** One line of `models/data/difficulty.jsonl`: an atom of the labelled set and its hand rating, 1 (very easy) to 5 (very hard). */
export const difficultyRatingSchema = z.object({ id: z.string().min(1), rating: z.int().min(1).max(5) })

/** The true difficulty (0..1) the simulation starts from: the rating's place on its 1..5 scale. */
export const trueDifficultyOfRating = (rating: number) => (rating - 1) / 4

export async function readDifficultyRatings(path: string): Promise<Map<string, number>> {
  const lines = (await readFile(path, 'utf8')).split('\n').filter(line => line.trim())
  return new Map(lines.map((line, i) => {
    const parsed = difficultyRatingSchema.safeParse(JSON.parse(line))
    if (!parsed.success) throw new Error(`${path}:${i + 1}: ${parsed.error.issues.map(issue => `${issue.path.join('.')} ${issue.message}`).join('; ')}`)
    return [parsed.data.id, parsed.data.rating]
  }))
}

/** An atom the model learns from or is scored on: what it reads, the heuristic's score and the learners' outcome. */
export interface DifficultyExample {
  id: string
  type: AtomType
  input: DifficultyInput
  heuristic: number
  outcome?: AtomOutcome
}

/** An outcome measured on enough learner cards to stand on its own. */
export const isMeasured = (example: DifficultyExample): example is DifficultyExample & { outcome: AtomOutcome } =>
  (example.outcome?.learnerCards ?? 0) >= minLearnerCards

/**
 * Key terms of a lone atom (the engine picks them per document, which a lone atom has not): the phrases
 * it defines, emphasises or uses more than once, at most 12 as the engine keeps.
 */
function localKeyTermCount(input: ClassifyInput): number {
  const counts = new Map<string, number>()
  const keys = new Set<string>()
  input.analysis.sentences.forEach((sentence, i) => {
    for (const { key } of termCandidates(sentence)) counts.set(key, (counts.get(key) ?? 0) + 1)
    for (const definition of definitionsIn(sentence, input.analysis.sentences[i - 1])) keys.add(definition.key)
  })
  for (const block of input.blocks) for (const phrase of block.emphasis) keys.add(termKey(phrase))
  for (const [key, count] of counts) if (count > 1) keys.add(key)
  keys.delete('')
  return Math.min(12, keys.size)
}

/** What the difficulty model reads of a stored or labelled atom, rebuilt with the engine's analysis. */
export async function difficultyInputOf(record: LabelledAtom, keyTermCount?: number): Promise<DifficultyInput> {
  const input = await classifyInputOf(record)
  return { analysis: input.analysis, blocks: input.blocks, type: record.type, keyTermCount: keyTermCount ?? localKeyTermCount(input), definitionCount: input.definitionCount }
}

async function exampleOf(record: LabelledAtom, outcome: AtomOutcome | undefined, keyTermCount?: number): Promise<DifficultyExample> {
  const input = await difficultyInputOf(record, keyTermCount)
  return { id: record.id, type: record.type, input, heuristic: difficultyOf(input.analysis, input.keyTermCount).score, ...(outcome && { outcome }) }
}

/**
 * The repository's dataset: the labelled atoms of `models/data/atom-types.jsonl` with the hand ratings of
 * `models/data/difficulty.jsonl`, and the outcomes of simulated learners studying them (see simulate.ts).
 */
export async function repositoryExamples(dataFolder: string, seed: number): Promise<{ examples: DifficultyExample[], reviews: OutcomeReview[] }> {
  const labelled = await readLabelledSet(join(dataFolder, 'atom-types.jsonl'))
  const ratings = await readDifficultyRatings(join(dataFolder, 'difficulty.jsonl'))
  const rated = labelled.filter(record => ratings.has(record.id))
  const reviews = simulateReviews(rated.map(record => ({ id: record.id, trueDifficulty: trueDifficultyOfRating(ratings.get(record.id)!) })), { seed })
  const outcomes = outcomesByAtom(reviews)
  const examples = await Promise.all(rated.map(record => exampleOf(record, outcomes.get(record.id))))
  return { examples, reviews }
}

/** Every review in the store, a batch at a time. */
export async function storeReviews(store: DocumentStore): Promise<OutcomeReview[]> {
  const reviews: OutcomeReview[] = []
  for await (const batch of store.reviews.scan(1000)) {
    for (const { userId, cardId, atomId, rating, reviewedAt } of batch) reviews.push({ userId, cardId, atomId, rating, reviewedAt })
  }
  return reviews
}

const recordOf = (atom: Atom): LabelledAtom => ({ id: atom.id, source: 'store', title: atom.title, trail: atom.headingTrail, body: atom.body, type: atom.type })

/** What the difficulty model reads of a stored atom: its Markdown analysed again, its type and its key terms. */
export const difficultyInputOfAtom = (atom: Atom): Promise<DifficultyInput> => difficultyInputOf(recordOf(atom), atom.terms.length)

/** The store's atoms that learners reviewed, with their outcomes; atoms since deleted are left out. */
export async function storeExamples(store: DocumentStore, reviews: OutcomeReview[]): Promise<DifficultyExample[]> {
  const outcomes = outcomesByAtom(reviews)
  const examples: DifficultyExample[] = []
  const ids = [...outcomes.keys()]
  for (let start = 0; start < ids.length; start += 200) {
    const atoms = await store.atoms.getMany(ids.slice(start, start + 200))
    for (const atom of atoms) {
      if (!atom.body.trim()) continue
      examples.push(await exampleOf(recordOf(atom), outcomes.get(atom.id), atom.terms.length))
    }
  }
  return examples
}

/** A fixed held-out split, a seeded share of each atom type, as for the type model. */
export const splitExamples = (examples: DifficultyExample[], seed: number) => heldOutSplit(examples, seed)

/**
 * Targets for training: the heuristic is first calibrated onto the outcome scale on the training atoms
 * that learners measured, then serves as the prior of every atom (see targetOf).
 */
export function trainingTargets(train: DifficultyExample[]): { targets: number[], calibration: Calibration } {
  const calibration = calibrate(train.filter(isMeasured).map(example => ({ heuristic: example.heuristic, outcome: example.outcome.outcome })))
  return { targets: train.map(example => targetOf(calibrated(calibration, example.heuristic), example.outcome)), calibration }
}
