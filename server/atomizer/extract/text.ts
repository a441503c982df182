import { escapeMarkdown } from '../escape'
import { emptyBlock, type Block, type ExtractedDocument } from '../model'

/** "- " or "+ " at a line start would open a list. */
const bulletMarker = /^([-+])(?=\s)/gm
/** "1. " or "1) " at a line start would open a list; the escape goes before the punctuation, not the digits. */
const orderedMarker = /^(\d+)([.)])(?=\s)/gm
/** A line of only "=" or "-" would turn the line above into a heading (or draw a rule). */
const underline = /^([=-])(?=[=-]*[ \t]*$)/gm
/** "&copy;" and the like would become the character they name. */
const ampersand = /&/g
const escapeText = (text: string) => escapeMarkdown(text).replace(bulletMarker, '\\$1').replace(orderedMarker, '$1\\$2')
  .replace(underline, '\\$1').replace(ampersand, '\\&')

const listLine = /^\s*(?:[-*•]|\d+[.)])\s+/
const numberedHeading = /^(?:chapter|part|section|unit|lesson)\s+[\dIVXLC]+\b|^\d+(?:\.\d+)*\.?\s+\p{Lu}/iu

type HeadingShape = { kind: 'chapter' } | { kind: 'numbered', segments: number } | { kind: 'plain' }

/** A short line standing alone without closing punctuation reads as a heading in plain text. */
function headingShape(paragraph: string): HeadingShape | undefined {
  if (paragraph.includes('\n')) return undefined
  const line = paragraph.trim()
  const words = line.split(/\s+/).length
  if (words > 12 || line.length > 90 || /[.,;:!?]$/.test(line)) return undefined
  if (/^(?:chapter|part)\b/i.test(line)) return { kind: 'chapter' }
  const numbered = /^(\d+(?:\.\d+)*)\.?\s/.exec(line)
  if (numbered) return { kind: 'numbered', segments: numbered[1]!.split('.').length }
  return { kind: 'plain' }
}

/**
 * Levels from the shapes met so far: chapters are 1; "3.1" is one level per number (below a chapter, at
 * least 2); an unnumbered heading sits just below the last numbered one ("Worked example" under "3.4").
 */
function levels() {
  let sawChapter = false
  let lastNumbered = 0
  return (shape: HeadingShape): number => {
    if (shape.kind === 'chapter') {
      sawChapter = true
      lastNumbered = 1
      return 1
    }
    if (shape.kind === 'numbered') {
      lastNumbered = Math.min(6, shape.segments + (sawChapter && shape.segments === 1 ? 1 : 0))
      return lastNumbered
    }
    return Math.min(6, lastNumbered > 0 ? lastNumbered + 1 : 2)
  }
}

/** Plain text into blocks: blank lines separate paragraphs; heading-like lines and bullet runs are recognised. */
export function readText(source: string): ExtractedDocument {
  const blocks: Block[] = []
  const paragraphPattern = /[^\n]+(?:\n(?![ \t]*\n)[^\n]*)*/g
  const paragraphs = [...source.matchAll(paragraphPattern)].filter(match => match[0].trim() !== '')
  const levelOf = levels()
  paragraphs.forEach((match, index) => {
    const raw = match[0]
    const text = raw.trim()
    const start = match.index + raw.indexOf(text)
    const block = emptyBlock('paragraph', start, start + text.length)
    const lines = text.split('\n')
    const next = paragraphs[index + 1]?.[0].trim()
    const shape = headingShape(text)
    const standsAlone = next !== undefined && headingShape(next) === undefined
    if (shape && (standsAlone || numberedHeading.test(text)) && !listLine.test(text)) {
      const depth = levelOf(shape)
      blocks.push({ ...block, kind: 'heading', depth, text, markdown: `${'#'.repeat(depth)} ${escapeText(text)}` })
    }
    else if (lines.length > 1 && lines.every(line => listLine.test(line))) {
      const items = lines.map(line => line.replace(listLine, '').trim())
      const ordered = /^\s*\d/.test(lines[0]!)
      blocks.push({ ...block, kind: 'list', text: items.join('\n'), items, ordered,
        markdown: items.map((item, i) => `${ordered ? `${i + 1}.` : '-'} ${escapeText(item)}`).join('\n') })
    }
    else {
      blocks.push({ ...block, text: lines.join(' '), markdown: escapeText(lines.join('\n')) })
    }
  })
  const first = blocks[0]
  return { title: first?.kind === 'heading' ? first.text : undefined, blocks }
}
