/** The engine's data model: what readers produce and the stages pass along. */
import type { DocumentFormat } from '../../shared/schemas/document'

export type SourceFormat = DocumentFormat

export type BlockKind = 'heading' | 'paragraph' | 'list' | 'code' | 'table' | 'quote' | 'figure' | 'math'

export interface GlossaryEntry {
  term: string
  meaning: string
}

/** One block of a document tree, flattened in reading order. */
export interface Block {
  kind: BlockKind
  /** Heading level 1–6; 0 for other blocks. */
  depth: number
  /** What a reader sees: Markdown (raw HTML never survives into it). */
  markdown: string
  /** Plain text for language processing; empty for code. */
  text: string
  /** Phrases the source emphasised: bold, italic, `<dfn>`, glossary terms. */
  emphasis: string[]
  glossary: GlossaryEntry[]
  /** Items of a list block, in order. */
  items: string[]
  ordered: boolean
  /** 1-based page, for paginated sources. */
  page?: number
  /** Character span in the source text (or in the text extracted from a binary format). */
  start: number
  end: number
}

export interface ExtractedDocument {
  title?: string
  blocks: Block[]
}

export const emptyBlock = (kind: BlockKind, start: number, end: number): Block => ({
  kind, depth: 0, markdown: '', text: '', emphasis: [], glossary: [], items: [], ordered: false, start, end,
})

/** Raised for input the engine refuses: a clear message for the user, never retried. */
export class AtomizeInputError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'AtomizeInputError'
  }
}
