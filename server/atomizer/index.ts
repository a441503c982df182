import { splitMarkdown } from './markdown'
import { plainTextToMarkdown } from './plain-text'
import type { AtomDraft, AtomizeOptions, SourceDocument } from './types'

export type { AtomDraft, AtomizeOptions, SourceDocument } from './types'
export { renderMarkdown } from './render'

/**
 * The atomization engine: one source document in, atom drafts out, in reading order.
 * Pure and synchronous, so the job, the worker and tests all run the same code.
 */
export function atomize(source: SourceDocument, options: AtomizeOptions): AtomDraft[] {
  const markdown = source.format === 'text' ? plainTextToMarkdown(source.text) : source.text
  return splitMarkdown(markdown, source.title, options)
}
