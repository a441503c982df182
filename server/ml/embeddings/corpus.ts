import { existsSync, readdirSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { seededRandom, shuffledIndices } from '../../../shared/utils/random'
import { embeddingTokens } from '../../../shared/utils/subwords'
import { detectFormat } from '../../../shared/utils/formats'
import { extract } from '../../atomizer/extract'
import type { SourceFormat } from '../../atomizer/model'
import type { DocumentStore } from '../../drivers/store/types'
import { readLabelledSet } from '../atom-types/dataset'
import { modelsRoot } from '../models'
import { isCorpusDocument } from './corpus-files'
import type { TrainingCorpus } from './train'

/** The paragraphs of a document as the atomizer extracts them: context windows stop at their ends. */
export async function documentTexts(data: Uint8Array, format: SourceFormat): Promise<string[]> {
  const { blocks } = await extract(data, format)
  return blocks.map(block => block.text).filter(text => text.trim())
}

/** An atom's paragraphs. */
const paragraphsOf = (text: string) => text.split(/\n{2,}/).filter(paragraph => paragraph.trim())

/** Every stored atom's paragraphs: each collection's own text, so the encoder learns its words as it grows. */
export async function storeTexts(store: DocumentStore): Promise<{ texts: string[], atoms: number }> {
  const texts: string[] = []
  let atoms = 0
  for await (const batch of store.atoms.scan(500)) {
    atoms += batch.length
    for (const atom of batch) texts.push(...paragraphsOf(atom.text))
  }
  return { texts, atoms }
}

/**
 * At most `maxTexts` of the stored atoms' paragraphs, drawn evenly from all of them (reservoir sampling,
 * seeded): memory stays bounded however large the collections grow.
 */
export async function sampledStoreTexts(store: DocumentStore, maxTexts: number, seed: number): Promise<{ texts: string[], atoms: number }> {
  const random = seededRandom(seed)
  const texts: string[] = []
  let seen = 0
  let atoms = 0
  for await (const batch of store.atoms.scan(500)) {
    atoms += batch.length
    for (const atom of batch) {
      for (const paragraph of paragraphsOf(atom.text)) {
        seen++
        if (texts.length < maxTexts) texts.push(paragraph)
        else {
          const slot = Math.floor(random() * seen)
          if (slot < maxTexts) texts[slot] = paragraph
        }
      }
    }
  }
  return { texts, atoms }
}

/** One corpus from documents, extra texts (such as the labelled set's written atoms) and the store's atoms. */
export function trainingCorpus(parts: { documents: string[][], extra: string[], store?: { texts: string[], atoms: number } }): TrainingCorpus {
  return {
    texts: [...parts.documents.flat(), ...parts.extra, ...(parts.store?.texts ?? [])],
    documents: parts.documents.length,
    atoms: parts.store?.atoms ?? 0,
  }
}

/** Texts in a seeded order, kept while they fit in `budget` words. */
function sampleWithin(texts: string[], budget: number, random: () => number): { kept: string[], tokens: number } {
  const kept: string[] = []
  let tokens = 0
  for (const i of shuffledIndices(texts.length, random)) {
    const size = embeddingTokens(texts[i]!).length
    if (tokens + size > budget) continue
    kept.push(texts[i]!)
    tokens += size
  }
  return { kept, tokens }
}

const tokensOf = (texts: string[]) => texts.reduce((sum, text) => sum + embeddingTokens(text).length, 0)

/**
 * A corpus of at most `maxTokens` words, the budget a bounded training reads: the store's text first (the
 * collections' own words are what a refresh is for), the base texts (fixtures) in what is left, and in at
 * least a quarter of the budget. Drawn in a seeded order.
 */
export function cappedCorpus(parts: { base: string[], store: string[], documents: number, atoms: number }, maxTokens: number, seed: number): TrainingCorpus {
  const random = seededRandom(seed)
  const baseReserve = Math.min(tokensOf(parts.base), Math.floor(maxTokens / 4))
  const store = sampleWithin(parts.store, maxTokens - baseReserve, random)
  const base = sampleWithin(parts.base, maxTokens - store.tokens, random)
  return { texts: [...base.kept, ...store.kept], documents: parts.documents, atoms: parts.atoms }
}

/**
 * The fixture corpus's documents: in the repository under tests/fixtures/corpus, in a built server under
 * models/corpus (the build copies them there, scripts/ml-build.ts).
 */
export function fixtureCorpusDir(): string | undefined {
  const root = modelsRoot()
  return [join(root, 'corpus'), join(root, '..', 'tests', 'fixtures', 'corpus')].find(dir => existsSync(dir))
}

/**
 * What every encoder learns from besides the store: the fixture corpus's documents and, where the sources
 * are at hand, the labelled set's written atoms (models/data/atom-types.jsonl).
 */
export async function baseCorpus(): Promise<{ documents: string[][], extra: string[] }> {
  const dir = fixtureCorpusDir()
  const files = dir ? readdirSync(dir).filter(isCorpusDocument).sort() : []
  const documents = await Promise.all(files.map(async file => documentTexts(new Uint8Array(await readFile(join(dir!, file))), detectFormat(file)!)))
  const labelled = join(modelsRoot(), 'data', 'atom-types.jsonl')
  const extra = existsSync(labelled) ? (await readLabelledSet(labelled)).filter(record => record.source === 'written').map(record => record.body) : []
  return { documents, extra }
}
