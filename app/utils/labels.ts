import type { AtomType } from '#shared/schemas/atom'
import { atomTypes as allAtomTypes, documentFormats, type DocumentFormat } from '#shared/utils/vocabulary'
import { acceptedUploads, detectFormat } from '#shared/utils/formats'

/** Every atom type, in the order summaries list them. */
export const atomTypes: readonly AtomType[] = allAtomTypes

export const atomTypeLabels: Record<AtomType, { one: string, many: string }> = {
  concept: { one: 'Concept', many: 'concepts' },
  definition: { one: 'Definition', many: 'definitions' },
  example: { one: 'Example', many: 'examples' },
  procedure: { one: 'Procedure', many: 'procedures' },
  fact: { one: 'Fact', many: 'facts' },
  summary: { one: 'Summary', many: 'summaries' },
  exercise: { one: 'Exercise', many: 'exercises' },
  other: { one: 'Other', many: 'other' },
}

/** "3 definitions", "1 definition". */
export function countOfType(type: AtomType, count: number): string {
  return `${count} ${count === 1 ? atomTypeLabels[type].one.toLowerCase() : atomTypeLabels[type].many}`
}

/**
 * An atom's reading time as people say it: "40 s read" under a minute (to 5 s), so short atoms differ as their
 * lengths do, and "2 min read" from a minute on; never "0 s".
 */
export function readingTime(seconds: number): string {
  const fives = Math.round(seconds / 5) * 5
  if (fives < 60) return `${Math.max(5, fives)} s read`
  return `${Math.round(seconds / 60)} min read`
}

/** A longer span of reading: "45 min", "1 h 20 min". */
export function readingDuration(seconds: number): string {
  const minutes = Math.max(1, Math.round(seconds / 60))
  if (minutes < 60) return `${minutes} min`
  const rest = minutes % 60
  return rest ? `${Math.floor(minutes / 60)} h ${rest} min` : `${minutes / 60} h`
}

/** What the server is doing, in words: the job's own steps (reading, storing) and the engine's (`engineStages`, server/atomizer/pipeline.ts). */
const stageLabels: Record<string, string> = {
  reading: 'Reading the file',
  extracting: 'Extracting text',
  analyzing: 'Analyzing sentences',
  segmenting: 'Splitting into atoms',
  terms: 'Finding key terms',
  linking: 'Linking atoms',
  cards: 'Making review cards',
  storing: 'Saving atoms',
}

export function stageText(stage: string | undefined): string {
  if (!stage) return ''
  return stageLabels[stage] ?? stage.charAt(0).toUpperCase() + stage.slice(1)
}

const formatNames: Record<DocumentFormat, string> = {
  markdown: 'Markdown',
  html: 'HTML',
  text: 'plain text',
  pdf: 'PDF',
  docx: 'Word (DOCX)',
  epub: 'EPUB',
}

/** "Markdown, HTML, plain text, PDF, Word (DOCX) or EPUB", from the formats the server reads. */
export const acceptedFormatNames = (() => {
  const names = (Object.keys(documentFormats) as DocumentFormat[]).map(format => formatNames[format])
  return `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`
})()

/** ".md, .markdown, .txt, …" for a hint under a file input. */
export const acceptedExtensionList = acceptedUploads.split(',').join(', ')

/** Why a picked file cannot be uploaded, or null when it can. */
export function unsupportedFile(file: File): string | null {
  return detectFormat(file.name, file.type)
    ? null
    : `"${file.name}" is not a supported format; choose a ${acceptedFormatNames} file.`
}
