import { atomizeCollection, type EngineDocument } from '../../server/atomizer'
import { configDefaults } from '../../server/config'
import { extract } from '../../server/atomizer/extract'
import { termKey } from '../../server/atomizer/nlp/term-key'
import type { SourceFormat } from '../../server/atomizer/model'
import { createTermScorer } from '../../server/ml/terms/selector'
import { createDefinitionJudge } from '../../server/ml/definitions/model'
import type { CorpusDocument } from './corpus'

export { corpusDir, loadCorpus, type CorpusDocument, type Gold } from './corpus'

export interface Scores {
  precision: number
  recall: number
  f1: number
  tp: number
  predicted: number
  gold: number
}

/** Precision, recall and F1 of predicted against gold, both as sets of normalised keys. */
export function score(predicted: Iterable<string>, gold: Iterable<string>, normalise: (text: string) => string = termKey): Scores {
  const p = new Set([...predicted].map(normalise).filter(Boolean))
  const g = new Set([...gold].map(normalise).filter(Boolean))
  const tp = [...p].filter(key => g.has(key)).length
  const precision = p.size === 0 ? 0 : tp / p.size
  const recall = g.size === 0 ? 1 : tp / g.size
  const f1 = precision + recall === 0 ? 0 : 2 * precision * recall / (precision + recall)
  return { precision, recall, f1, tp, predicted: p.size, gold: g.size }
}

/** Micro-average: pooled counts over documents. */
export function pooled(all: Scores[]): Scores {
  const tp = all.reduce((sum, s) => sum + s.tp, 0)
  const predicted = all.reduce((sum, s) => sum + s.predicted, 0)
  const gold = all.reduce((sum, s) => sum + s.gold, 0)
  const precision = predicted === 0 ? 0 : tp / predicted
  const recall = gold === 0 ? 1 : tp / gold
  return { tp, predicted, gold, precision, recall, f1: precision + recall === 0 ? 0 : 2 * precision * recall / (precision + recall) }
}

/** Key terms chosen by the built-in key-term model, as the worker and the CLI choose them. */
const selectTerms = createTermScorer(configDefaults)
const judgeDefinitions = createDefinitionJudge(configDefaults)

export async function atomizeOne(doc: CorpusDocument, { rules = false } = {}): Promise<EngineDocument> {
  const [result] = await atomizeCollection([{ key: doc.name, format: doc.format, data: doc.data }],
    { minWords: configDefaults.atomMinWords, maxWords: configDefaults.atomMaxWords, ...(!rules && { selectTerms, judgeDefinitions }) })
  return result!
}

const headingKey = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim()
const leadKey = (text: string) => headingKey(text).split(' ').slice(0, 5).join(' ')

export interface DocumentQuality {
  name: string
  format: SourceFormat
  keyTerms: Scores
  definitions: Scores
  sections: Scores
  boundaries?: Scores
}

/** How well the engine's output for one document matches its gold labels. */
export function evaluate(doc: CorpusDocument, result: EngineDocument): DocumentQuality {
  const defined = result.atoms.flatMap(atom => atom.definitions.map(definition => definition.term))
  const headings = result.atoms.flatMap(atom => atom.headingTrail)
  const quality: DocumentQuality = {
    name: doc.name,
    format: doc.format,
    keyTerms: score(result.keyTerms, doc.gold.keyTerms),
    definitions: score(defined, doc.gold.definitions.map(definition => definition.term)),
    sections: score(headings, doc.gold.sections, headingKey),
  }
  if (doc.gold.boundaries && doc.gold.boundaries.length > 0) {
    quality.boundaries = score(result.atoms.slice(1).map(atom => atom.text), doc.gold.boundaries, leadKey)
  }
  return quality
}

/** The plain text of a document as the engine extracts it, for tools that take text. */
export async function plainText(doc: CorpusDocument): Promise<string> {
  const extracted = await extract(doc.data, doc.format)
  return extracted.blocks.map(block => block.text).join('\n\n')
}

export const percent = (value: number) => `${(value * 100).toFixed(1)}%`
