import type { DocumentFormat } from '../../shared/schemas/document'

export interface SourceDocument {
  title: string
  format: DocumentFormat
  text: string
}

export interface AtomizeOptions {
  /** Sections longer than this are split between paragraphs (or sentences). */
  maxWords: number
}

/** An atom as the engine produces it, before it has an id and belongs to a stored document. */
export interface AtomDraft {
  title: string
  body: string
  headingTrail: string[]
  wordCount: number
  source: { start: number, end: number }
}
