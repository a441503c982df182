import { extract } from '../../atomizer/extract'
import type { SourceFormat } from '../../atomizer/model'
import type { DocumentStore } from '../../drivers/store/types'
import type { TrainingCorpus } from './train'

/** The paragraphs of a document as the atomizer extracts them: context windows stop at their ends. */
export async function documentTexts(data: Uint8Array, format: SourceFormat): Promise<string[]> {
  const { blocks } = await extract(data, format)
  return blocks.map(block => block.text).filter(text => text.trim())
}

/** Every stored atom's paragraphs: each collection's own text, so the encoder learns its words as it grows. */
export async function storeTexts(store: DocumentStore): Promise<{ texts: string[], atoms: number }> {
  const texts: string[] = []
  let atoms = 0
  for await (const batch of store.atoms.scan(500)) {
    atoms += batch.length
    for (const atom of batch) texts.push(...atom.text.split(/\n{2,}/).filter(text => text.trim()))
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
