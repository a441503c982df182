import { getDocumentProxy } from 'unpdf'
import { escapeMarkdown } from '../escape'
import { AtomizeInputError, emptyBlock, type Block, type ExtractedDocument } from '../model'

export interface PdfReadOptions {
  /** Awaited after each page with the fraction of pages read; throwing (cancelled, out of time) stops reading. */
  onPage?: (fraction: number) => Promise<void>
}

interface Line {
  text: string
  size: number
  /** Baseline, in page units from the bottom. */
  y: number
  page: number
}

interface RawItem {
  str: string
  transform: number[]
  width: number
  hasEOL: boolean
}

/** Joins a page's text items into lines, by baseline. */
function linesOf(items: RawItem[], page: number): Line[] {
  const lines: Line[] = []
  let current: (Line & { right: number }) | undefined
  for (const item of items) {
    const size = Math.round(Math.hypot(item.transform[2]!, item.transform[3]!) * 10) / 10 || Math.abs(item.transform[3]!)
    const x = item.transform[4]!
    const y = item.transform[5]!
    if (current && Math.abs(current.y - y) <= Math.max(current.size, size) * 0.4) {
      const gap = x - current.right
      const needsSpace = gap > size * 0.15 && !current.text.endsWith(' ') && !item.str.startsWith(' ')
      current.text += (needsSpace ? ' ' : '') + item.str
      current.size = item.str.trim() ? Math.max(current.size, size) : current.size
      current.right = x + item.width
    }
    else if (item.str.trim() !== '') {
      if (current) lines.push(current)
      current = { text: item.str, size, y, page, right: x + item.width }
    }
    if (item.hasEOL && current) {
      lines.push(current)
      current = undefined
    }
  }
  if (current) lines.push(current)
  return lines.map(({ text, size, y, page: p }) => ({ text: text.replace(/\s+/g, ' ').trim(), size, y, page: p })).filter(line => line.text)
}

const pageNumberLine = /^(?:page\s+)?\d{1,4}(?:\s*(?:of|\/)\s*\d{1,4})?$/i
const shapeOf = (text: string) => text.toLowerCase().replace(/\d+/g, '#')

/** Running headers and footers: the same line (numbers aside) on many pages. */
function repeatedLines(lines: Line[], pages: number): Set<string> {
  const pagesWith = new Map<string, Set<number>>()
  for (const line of lines) {
    const shape = shapeOf(line.text)
    const seen = pagesWith.get(shape) ?? new Set()
    seen.add(line.page)
    pagesWith.set(shape, seen)
  }
  const threshold = Math.max(3, pages * 0.3)
  return new Set([...pagesWith].filter(([, seen]) => seen.size >= threshold).map(([shape]) => shape))
}

/** The size most characters are set in. */
function bodySize(lines: Line[]): number {
  const weight = new Map<number, number>()
  for (const line of lines) weight.set(line.size, (weight.get(line.size) ?? 0) + line.text.length)
  return [...weight].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 10
}

/** Heading levels from font sizes: the largest heading size is level 1. */
function headingLevels(lines: Line[], body: number): Map<number, number> {
  const sizes = [...new Set(lines.filter(line => isHeadingCandidate(line, body)).map(line => line.size))].sort((a, b) => b - a)
  const levels = new Map<number, number>()
  let level = 0
  let previous = Infinity
  for (const size of sizes) {
    if (previous - size > 0.5) level++
    levels.set(size, Math.min(6, level))
    previous = size
  }
  return levels
}

function isHeadingCandidate(line: Line, body: number): boolean {
  return line.size >= body * 1.15 && line.text.split(' ').length <= 16 && !/[.,;]$/.test(line.text)
}

/** Words the document writes with a hyphen inside a line ("free-body"), to tell them from words split across lines. */
function hyphenatedWords(lines: Line[]): Set<string> {
  const words = new Set<string>()
  for (const line of lines) for (const [word] of line.text.matchAll(/\p{L}+-\p{L}+/gu)) words.add(word.toLowerCase())
  return words
}

/** Joins a paragraph's lines; a word broken at a line end is mended, keeping its hyphen only if the document writes it so. */
function joinLines(lines: string[], hyphenated: Set<string>): string {
  return lines.reduce((text, line) => {
    const broken = /(\p{L}+)-$/u.exec(text)
    const next = /^\p{Ll}+/u.exec(line)
    if (!broken || !next) return `${text} ${line}`
    const keep = hyphenated.has(`${broken[1]}-${next[0]}`.toLowerCase())
    return keep ? text + line : text.slice(0, -1) + line
  })
}

/** Turns lines into heading and paragraph blocks: a paragraph ends at a wide gap, a size change or a new page. */
const listMarker = /^(?:(\d{1,3})[.)]|[•▪◦●‣–*-])\s+/

/** A paragraph running on over a page break: no closing punctuation before it, a lower-case word after it. */
const continuesOnNextPage = (last: Line, line: Line) => line.page === last.page + 1 && !/[.!?:"”)]$/.test(last.text) && /^\p{Ll}/u.test(line.text)

/**
 * Turns lines into heading, paragraph and list blocks: a paragraph ends at a wide gap, a change of size or a
 * new page (unless the sentence runs on); lines opening with "1." or a bullet start list items.
 */
function blocksOf(lines: Line[], body: number, levels: Map<number, number>): Block[] {
  const hyphenated = hyphenatedWords(lines)
  const blocks: Block[] = []
  let paragraph: Line[] = []
  let items: { text: string, ordered: boolean, page: number }[] = []
  let offset = 0
  const push = (block: Block) => {
    block.start = offset
    block.end = offset + block.text.length
    offset = block.end + 2
    blocks.push(block)
  }
  const flushList = () => {
    if (items.length === 0) return
    const ordered = items[0]!.ordered
    const texts = items.map(item => item.text)
    push({ ...emptyBlock('list', 0, 0), text: texts.join('\n'), items: texts, ordered, page: items[0]!.page,
      markdown: texts.map((text, i) => `${ordered ? `${i + 1}.` : '-'} ${escapeMarkdown(text)}`).join('\n') })
    items = []
  }
  const flush = () => {
    if (paragraph.length === 0) return
    const text = joinLines(paragraph.map(line => line.text), hyphenated)
    const marker = listMarker.exec(text)
    if (marker) {
      items.push({ text: text.slice(marker[0].length), ordered: marker[1] !== undefined, page: paragraph[0]!.page })
    }
    else {
      flushList()
      push({ ...emptyBlock('paragraph', 0, 0), text, markdown: escapeMarkdown(text), page: paragraph[0]!.page })
    }
    paragraph = []
  }
  lines.forEach((line, index) => {
    const level = isHeadingCandidate(line, body) ? levels.get(line.size) : undefined
    if (level) {
      flush()
      flushList()
      const previous = blocks.at(-1)
      const previousLine = lines[index - 1]
      // A heading set on two lines arrives as two adjacent heading lines of one size.
      if (previous?.kind === 'heading' && previousLine && previousLine.size === line.size && previousLine.page === line.page
        && previousLine.y - line.y < line.size * 1.6) {
        previous.text += ` ${line.text}`
        previous.markdown += ` ${line.text}`
        previous.end += line.text.length + 1
        offset += line.text.length + 1
        return
      }
      push({ ...emptyBlock('heading', 0, 0), depth: level, text: line.text, markdown: `${'#'.repeat(level)} ${line.text}`, page: line.page })
      return
    }
    const last = paragraph.at(-1)
    const gap = last ? last.y - line.y : 0
    const newPage = last && line.page !== last.page && !continuesOnNextPage(last, line)
    const sameStreak = last && line.page === last.page
    if (last && (newPage || (sameStreak && (gap > last.size * 1.75 || gap < 0)) || Math.abs(line.size - last.size) > 0.5 || listMarker.test(line.text))) flush()
    paragraph.push(line)
  })
  flush()
  flushList()
  return blocks
}

/**
 * PDF text, page by page (each page's objects are released before the next), into heading and paragraph
 * blocks. Headings come from font size; running headers, footers and page numbers are dropped; pages are kept.
 */
export async function readPdf(data: Uint8Array, { onPage }: PdfReadOptions = {}): Promise<ExtractedDocument> {
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>
  try {
    pdf = await getDocumentProxy(new Uint8Array(data), { stopAtErrors: false })
  }
  catch (error) {
    throw new AtomizeInputError(`The PDF could not be read (${error instanceof Error ? error.message : 'corrupt'}).`)
  }
  try {
    const lines: Line[] = []
    for (let number = 1; number <= pdf.numPages; number++) {
      const page = await pdf.getPage(number)
      const content = await page.getTextContent()
      lines.push(...linesOf(content.items.flatMap(item => ('str' in item ? [item as RawItem] : [])), number).filter(line => !pageNumberLine.test(line.text)))
      page.cleanup()
      await onPage?.(number / pdf.numPages)
    }
    const repeated = repeatedLines(lines, pdf.numPages)
    const kept = lines.filter(line => !repeated.has(shapeOf(line.text)))
    const body = bodySize(kept)
    const blocks = blocksOf(kept, body, headingLevels(kept, body))
    const metadata = await pdf.getMetadata().catch(() => undefined)
    const infoTitle = (metadata?.info as { Title?: unknown } | undefined)?.Title
    const title = typeof infoTitle === 'string' && infoTitle.trim() ? infoTitle.trim() : blocks.find(block => block.kind === 'heading')?.text
    return { title, blocks }
  }
  finally {
    await pdf.loadingTask.destroy()
  }
}
