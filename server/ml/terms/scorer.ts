import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import type { LayersModel, Tensor } from '@tensorflow/tfjs'
import { z } from 'zod'
import type { KeyTermChoice, ScoreContext, TermStats } from '../../atomizer/nlp/terms'
import { builtInModel, loadCheckedModel, loadOnce, type ModelContract } from '../models'
import { mlRuntime } from '../runtime'
import { containment, documentMarks, isCandidate, Lexicon, termFeatures, termFeatureSize, termFeatureVersion } from './features'
import { timeInference } from '../../metrics/ml'

export const termModelName = 'terms'
/** The built-in model version this code reads: `models/terms/<version>/`. */
export const termModelVersion = '1'
export const lexiconFile = 'lexicon.txt'

const scoresSchema = z.object({ precision: z.number(), recall: z.number(), f1: z.number() })

/** metadata.json beside model.json: the features it reads, the score from which a candidate is a key term, how it was trained and how well it did. */
export const termModelMetadataSchema = z.object({
  name: z.string(),
  version: z.string(),
  features: z.object({ featureVersion: z.number(), featureSize: z.number() }).loose(),
  /**
   * How many key terms a document gets: the number that maximises the F1 the model expects from its own
   * probabilities (see `keyTermCount`), the expected number of the document's key terms weighed by `alpha`:
   * one for documents that mark words (emphasis, a glossary), one for documents of plain words.
   */
  selection: z.object({ method: z.literal('expected-f1'), alpha: z.object({ marked: z.number().positive(), plain: z.number().positive() }) }),
  training: z.object({ seed: z.number(), epochs: z.number() }).loose().optional(),
  dev: z.record(z.string(), scoresSchema).optional(),
}).loose()
export type TermModelMetadata = z.infer<typeof termModelMetadataSchema>

const batchSize = 4096

/**
 * Candidates below the cut that still become key terms when the document defines them: a term the model finds
 * this likely and the text gives a meaning for (chosen on the two dev training books: F1 on plain words 0.441 →
 * 0.447, marked text 0.967 → 0.939, and the fixture corpus's definitions recall 29 % → 46 %).
 */
export const reserveScore = 0.2

/** Most key terms a document gets, by its length: enough for every atom of a long book to have its own. */
export const keyTermCap = (words: number) => Math.min(1000, Math.max(10, Math.round(words / 25)))

/**
 * How many of a document's candidates, best first, are its key terms: with calibrated probabilities p, the
 * first k are expected to hold Σ_{i≤k} p_i key terms of Σ p in all, so F1 is about 2 Σ_{i≤k} p_i / (k + Σ p).
 * The k that maximises it adapts to each document: many sure candidates (a text that marks its terms) give
 * many key terms, a flat spread (plain words) fewer. `alpha` scales the expected total (chosen on training books).
 */
export function keyTermCount(sorted: ArrayLike<number>, alpha: number): number {
  let total = 0
  for (let i = 0; i < sorted.length; i++) total += sorted[i]!
  let best = 0
  let bestValue = -1
  let sum = 0
  for (let k = 1; k <= sorted.length; k++) {
    sum += sorted[k - 1]!
    const value = 2 * sum / (k + alpha * total)
    if (value > bestValue) {
      bestValue = value
      best = k
    }
  }
  return best
}

/** The key-term model: every candidate of a document scored at once; the best of them, as many as `keyTermCount` says, are its key terms. */
export class TermModel {
  constructor(readonly model: LayersModel, readonly metadata: TermModelMetadata, readonly lexicon: Lexicon, readonly source: string) {}

  /** The probability that each candidate is a key term. */
  async score(candidates: TermStats[], all: Map<string, TermStats>, context: ScoreContext): Promise<Float32Array> {
    const { tf } = await mlRuntime()
    const contained = containment(all)
    const scores = new Float32Array(candidates.length)
    const done = timeInference('terms')
    for (let start = 0; start < candidates.length; start += batchSize) {
      const batch = candidates.slice(start, start + batchSize)
      const features = new Float32Array(batch.length * termFeatureSize)
      batch.forEach((stats, i) => features.set(termFeatures(stats, all, context, this.lexicon, contained), i * termFeatureSize))
      const out = tf.tidy(() => (this.model.predict(tf.tensor2d(features, [batch.length, termFeatureSize])) as Tensor).dataSync())
      scores.set(out, start)
    }
    done()
    return scores
  }

  async select(all: Map<string, TermStats>, context: ScoreContext): Promise<KeyTermChoice[]> {
    const candidates = [...all.values()].filter(isCandidate)
    if (candidates.length === 0) return []
    const scores = await this.score(candidates, all, context)
    const ranked = candidates.map((stats, i) => ({ stats, score: Math.round(scores[i]! * 1000) / 1000 })).sort((a, b) => b.score - a.score || a.stats.firstPosition - b.stats.firstPosition)
    const alpha = documentMarks(all) ? this.metadata.selection.alpha.marked : this.metadata.selection.alpha.plain
    const count = keyTermCount(ranked.map(candidate => candidate.score), alpha)
    // A document always has a few key terms: its titles and cards are built on them.
    const chosen = Math.min(keyTermCap(context.words ?? 0), Math.max(count, 3))
    const reserve = ranked.slice(chosen).filter(candidate => candidate.score >= reserveScore).map(candidate => ({ ...candidate, reserve: true }))
    return [...ranked.slice(0, chosen), ...reserve]
  }
}

/** The configured model (a path or URL), else the built-in one. */
export const termModelSource = (configured?: string) => configured ?? builtInModel(termModelName, termModelVersion)

export const termModelContract: ModelContract<TermModelMetadata> = {
  what: 'key-term model', metadataSchema: termModelMetadataSchema, featureVersion: termFeatureVersion, featureSize: termFeatureSize, outputSize: 1,
}

async function readLexicon(source: string): Promise<Lexicon> {
  const text = /^https?:\/\//i.test(source)
    ? await (await fetch(new URL(lexiconFile, source.endsWith('.json') ? source : `${source.replace(/\/?$/, '/')}`))).text()
    : await readFile(join(source.endsWith('.json') ? dirname(resolve(source)) : resolve(source), lexiconFile), 'utf8')
  return new Lexicon(text.split('\n').filter(Boolean))
}

/** Loads the key-term model once per process, with its lexicon, and checks it reads the features this code makes. */
export function loadTermModel(configured?: string): Promise<TermModel> {
  const source = termModelSource(configured)
  return loadOnce(`${termModelName}:${source}`, async () => {
    if (!/^https?:\/\//i.test(source) && !existsSync(source)) throw new Error(`The key-term model ${source} does not exist.`)
    const { model, metadata } = await loadCheckedModel(termModelContract, source)
    if (!metadata) {
      model.dispose()
      throw new Error('The key-term model has no metadata.json (how many key terms to choose is there).')
    }
    return new TermModel(model, metadata, await readLexicon(source), source)
  })
}
