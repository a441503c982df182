import { existsSync, readdirSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { detectFormat } from '../../../shared/utils/formats'
import { extract } from '../../atomizer/extract'
import type { SourceFormat } from '../../atomizer/model'
import { readLabelledSet } from '../atom-types/dataset'
import { modelsRoot } from '../models'
import type { TrainingCorpus } from './train'

/** The paragraphs of a document as the atomizer extracts them: context windows stop at their ends. */
export async function documentTexts(data: Uint8Array, format: SourceFormat): Promise<string[]> {
  const { blocks } = await extract(data, format)
  return blocks.map(block => block.text).filter(text => text.trim())
}

/** One corpus from documents and extra texts (such as the labelled set's written atoms): public material only. */
export function trainingCorpus(parts: { documents: string[][], extra: string[] }): TrainingCorpus {
  return { texts: [...parts.documents.flat(), ...parts.extra], documents: parts.documents.length }
}

/** A document of the fixture corpus: not its labels (JSON) nor its README. */
const isCorpusDocument = (file: string) => !file.endsWith('.json') && !/^readme\./i.test(file) && detectFormat(file) !== undefined

/** The fixture corpus's documents, in the repository (the built server has no training to do). */
export function fixtureCorpusDir(): string | undefined {
  const dir = join(modelsRoot(), '..', 'tests', 'fixtures', 'corpus')
  return existsSync(dir) ? dir : undefined
}

/**
 * What the encoder learns from, public material only: the fixture corpus's documents and, where the sources
 * are at hand, the labelled set's written atoms (models/data/atom-types.jsonl). Never readers' documents:
 * the encoder's files go to every reader, and its vocabulary, n-gram filter and weights would tell which
 * words those documents hold.
 */
export async function baseCorpus(): Promise<{ documents: string[][], extra: string[] }> {
  const dir = fixtureCorpusDir()
  const files = dir ? readdirSync(dir).filter(isCorpusDocument).sort() : []
  const documents = await Promise.all(files.map(async file => documentTexts(new Uint8Array(await readFile(join(dir!, file))), detectFormat(file)!)))
  const labelled = join(modelsRoot(), 'data', 'atom-types.jsonl')
  const extra = existsSync(labelled) ? (await readLabelledSet(labelled)).filter(record => record.source === 'written').map(record => record.body) : []
  return { documents, extra }
}
