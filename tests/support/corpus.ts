import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { DocumentFormat } from '../../shared/schemas/document'
import { detectFormat } from '../../shared/utils/formats'

/**
 * The labelled fixture corpus, without the atomizer: what the API and e2e tiers need to upload it.
 * `quality.ts` re-exports these for the unit tier and the benchmark.
 */
export const corpusDir = new URL('../fixtures/corpus/', import.meta.url).pathname

export interface Gold {
  title: string
  format: DocumentFormat
  keyTerms: string[]
  definitions: { term: string, meaning: string }[]
  sections: string[]
  boundaries?: string[]
}

export interface CorpusDocument {
  name: string
  file: string
  format: DocumentFormat
  data: Uint8Array
  gold: Gold
}

/** Every labelled document of the fixture corpus: the file and its hand-written gold labels. */
export function loadCorpus(): CorpusDocument[] {
  const files = readdirSync(corpusDir)
  return files.filter(file => file.endsWith('.gold.json')).sort().map((goldFile) => {
    const name = goldFile.replace(/\.gold\.json$/, '')
    const file = files.find(candidate => candidate.startsWith(`${name}.`) && !/\.(?:gold|source)\.json$/.test(candidate) && detectFormat(candidate))
    if (!file) throw new Error(`no document for ${goldFile}`)
    return {
      name,
      file,
      format: detectFormat(file)!,
      data: new Uint8Array(readFileSync(join(corpusDir, file))),
      gold: JSON.parse(readFileSync(join(corpusDir, goldFile), 'utf8')) as Gold,
    }
  })
}
