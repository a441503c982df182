/**
 * The fixed words of the domain as plain constants. The zod schemas build on them, and the browser uses
 * them directly, so pages that only need the words do not carry the validation library.
 */
export const atomTypes = ['concept', 'definition', 'example', 'procedure', 'fact', 'summary', 'exercise', 'other'] as const
export const difficultyLabels = ['easy', 'medium', 'hard'] as const
export const cardPhases = ['new', 'learning', 'review', 'relearning'] as const
export const cardKinds = ['definition', 'cloze', 'steps', 'qa'] as const
/** Whose documents a list shows: the reader's own, or those shared with them. */
export const documentScopes = ['mine', 'shared'] as const

/** Formats the atomizer reads, by the extension users upload them with. */
export const documentFormats = {
  markdown: { extensions: ['md', 'markdown', 'mdown'], mediaTypes: ['text/markdown', 'text/x-markdown'] },
  text: { extensions: ['txt', 'text'], mediaTypes: ['text/plain'] },
  html: { extensions: ['html', 'htm', 'xhtml'], mediaTypes: ['text/html', 'application/xhtml+xml'] },
  pdf: { extensions: ['pdf'], mediaTypes: ['application/pdf'] },
  docx: { extensions: ['docx'], mediaTypes: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'] },
  epub: { extensions: ['epub'], mediaTypes: ['application/epub+zip'] },
} as const
export type DocumentFormat = keyof typeof documentFormats
