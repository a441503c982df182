import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { stemmer } from 'stemmer'
import { z } from 'zod'
import { termKey } from '../../atomizer/nlp/term-key'

/**
 * Sections of labelled textbooks (OpenStax books, CC BY 4.0), as `npm run corpus:build` writes them to
 * models/data/textbooks/<book>.jsonl.gz: the text as Markdown with the book's key terms in bold, and the
 * labels the book gives (its key terms, glossary entries, review questions with their answers).
 */
export const textbookSectionSchema = z.object({
  book: z.string(),
  subject: z.string(),
  role: z.enum(['train', 'validation']),
  module: z.string(),
  /** Chapter and section number as the book counts them ("4.2"). */
  number: z.string(),
  title: z.string(),
  /** The section as Markdown: key terms in bold, other emphasis in italics; no glossary, no review questions. */
  markdown: z.string(),
  /** The terms the book marks as key terms in this section, and its glossary terms the section uses. */
  keyTerms: z.array(z.string()),
  /** The book's glossary entries for terms the section uses. */
  glossary: z.array(z.object({ term: z.string(), meaning: z.string() })),
  /** Review questions of the section that the book answers. */
  questions: z.array(z.object({ question: z.string(), answer: z.string() })),
})
export type TextbookSection = z.infer<typeof textbookSectionSchema>

export const textbooksFolder = (modelsRoot: string) => join(modelsRoot, 'data', 'textbooks')

/** Every section of the labelled books (optionally of one role), in book order. */
export function readTextbooks(folder: string, role?: TextbookSection['role']): TextbookSection[] {
  const sections: TextbookSection[] = []
  for (const file of readdirSync(folder).filter(name => name.endsWith('.jsonl.gz')).sort()) {
    const lines = gunzipSync(readFileSync(join(folder, file))).toString('utf8').split('\n').filter(Boolean)
    for (const line of lines) {
      const section = textbookSectionSchema.parse(JSON.parse(line))
      if (!role || section.role === role) sections.push(section)
    }
  }
  return sections
}

/**
 * How a section is shown to the atomizer: as the book marks it (`kept`: emphasis and glossary), with its
 * emphasis but no glossary (`emphasis`, as most Markdown and HTML come), or as plain words (`stripped`).
 */
export type Rendering = 'kept' | 'emphasis' | 'stripped'

/** Markdown emphasis markers (`**`, `*`) that are not escaped. */
const emphasisMarker = /(?<!\\)\*{1,2}/g

/**
 * The section as a document to atomize. `kept`: bold key terms, italics, and the glossary as a list of
 * "**term**: meaning" items; `emphasis`: the same without the glossary; `stripped`: the same words with no
 * emphasis and no glossary, as plain text exports and PDFs come. Review questions with their answers follow.
 */
export function renderSection(section: TextbookSection, rendering: Rendering): string {
  const parts = [rendering === 'stripped' ? section.markdown.replace(emphasisMarker, '') : section.markdown]
  if (rendering === 'kept' && section.glossary.length > 0) {
    parts.push('## Key Terms', section.glossary.map(entry => `- **${entry.term}**: ${entry.meaning}`).join('\n'))
  }
  if (section.questions.length > 0) {
    parts.push('## Review Questions', ...section.questions.map(({ question, answer }) => `Question: ${question}\nAnswer: ${answer}`))
  }
  return parts.join('\n\n')
}

/** The keys a book's term is found by: itself, without a parenthesis ("adenosine triphosphate (ATP)"), and the acronym in it. */
export function goldKeys(term: string): string[] {
  const keys = [termKey(term), termKey(term.replace(/\s*\([^)]*\)\s*/g, ' ').trim())]
  const inner = /\(([^)]+)\)/.exec(term)?.[1]
  if (inner && /^[A-Z][A-Za-z0-9-]{1,9}$/.test(inner.trim())) keys.push(termKey(inner))
  return [...new Set(keys.filter(Boolean))]
}

/** Words that carry no meaning of their own: a meaning is compared by the others. */
export const stopWords = new Set(`a an the of to in on at by for with from and or but nor as is are was were be been being it its this that these those
which who whom whose what when where why how not no so than then there their they them he she his her we our you your i me my do does did
done has have had can could may might must shall should will would also more most such any all each some`.split(/\s+/))

/** Content words, singular, for comparing a meaning with the glossary's. */
const contentWords = (text: string) => new Set(text.toLowerCase().replace(/[^\p{L}\p{N}\s-]+/gu, ' ').split(/\s+/)
  .filter(word => word.length > 2 && !stopWords.has(word)).map(word => termKey(word)))

/**
 * Whether a found meaning says what the glossary says: at least half of the glossary meaning's content words
 * are in it, and they are at least a fifth of its own (a whole paragraph does not pass for a definition).
 */
export function meaningMatches(found: string, glossary: string): boolean {
  const expected = contentWords(glossary)
  const got = contentWords(found)
  if (expected.size === 0 || got.size === 0) return false
  const shared = [...expected].filter(word => got.has(word)).length
  return shared / expected.size >= 0.5 && shared / got.size >= 0.2
}

/** Content words as stems ("negatively", "negative" → "negat"; "charged", "charge" → "charg"). */
const contentStems = (text: string) => new Set(text.toLowerCase().replace(/[^\p{L}\p{N}\s-]+/gu, ' ').split(/[\s-]+/)
  .filter(word => word.length > 2 && !stopWords.has(word)).map(word => stemmer(word)))

/**
 * Whether a found meaning says what the glossary says, as a teacher would judge it: at least two fifths of the
 * glossary meaning's content stems are in it, and they are at least a fifth of its own. A book's text defines
 * a term in other words than its glossary ("A negatively charged ion" for "atom with a negative charge"):
 * `meaningMatches` compares whole words and asks for half, and on a sample of definitions judged by hand it
 * turned down half of those a teacher keeps (docs/performance.md). This measure keeps more of them and
 * still turns down fragments and meanings of something else.
 */
export function meaningAgrees(found: string, glossary: string): boolean {
  const expected = contentStems(glossary)
  const got = contentStems(found)
  if (expected.size === 0 || got.size === 0) return false
  const shared = [...expected].filter(word => got.has(word)).length
  return shared / expected.size >= 0.4 && shared / got.size >= 0.2
}
