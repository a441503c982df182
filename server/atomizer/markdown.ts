import type { Heading, Root, RootContent } from 'mdast'
import { toString } from 'mdast-util-to-string'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import { unified } from 'unified'
import type { AtomDraft, AtomizeOptions } from './types'
import { countWords, leadingWords } from './words'

const parser = unified().use(remarkParse).use(remarkGfm).freeze()

interface Section {
  trail: string[]
  blocks: RootContent[]
}

/** A run of source text with its word count: a block, or a sentence of an over-long block. */
interface Piece {
  start: number
  end: number
  words: number
}

/** Groups top-level blocks under the heading they follow; headings without content only extend the trail. */
function sectionsOf(tree: Root): Section[] {
  const sections: Section[] = []
  let trail: string[] = []
  let current: Section = { trail: [], blocks: [] }
  for (const node of tree.children) {
    if (node.type === 'heading') {
      if (current.blocks.length > 0) sections.push(current)
      trail = [...trail.slice(0, (node as Heading).depth - 1), toString(node).trim()]
      current = { trail: trail.filter(Boolean), blocks: [] }
    }
    else if (node.type !== 'definition' && node.type !== 'html') {
      current.blocks.push(node)
    }
  }
  if (current.blocks.length > 0) sections.push(current)
  return sections
}

const sentenceBreak = /(?<=[.!?]["')\]]?)\s+(?=["'([]?[\p{Lu}\p{N}])/gu

/** Splits a block into sentences when it alone exceeds the word bound. */
function piecesOf(block: RootContent, source: string, maxWords: number): Piece[] {
  const start = block.position!.start.offset!
  const end = block.position!.end.offset!
  const words = countWords(toString(block))
  if (words <= maxWords || block.type !== 'paragraph') return [{ start, end, words }]
  const text = source.slice(start, end)
  const pieces: Piece[] = []
  let from = 0
  for (const match of text.matchAll(sentenceBreak)) {
    pieces.push({ start: start + from, end: start + match.index, words: countWords(text.slice(from, match.index)) })
    from = match.index + match[0].length
  }
  pieces.push({ start: start + from, end, words: countWords(text.slice(from)) })
  return pieces
}

/** Packs consecutive pieces into chunks of at most `maxWords` (a single larger piece stays whole). */
function pack(pieces: Piece[], maxWords: number): Piece[] {
  const chunks: Piece[] = []
  for (const piece of pieces) {
    const last = chunks.at(-1)
    if (last && last.words + piece.words <= maxWords) {
      last.end = piece.end
      last.words += piece.words
    }
    else {
      chunks.push({ ...piece })
    }
  }
  return chunks
}

/** Splits Markdown by heading structure, then between paragraphs, into atom drafts. */
export function splitMarkdown(markdown: string, documentTitle: string, { maxWords }: AtomizeOptions): AtomDraft[] {
  const tree = parser.parse(markdown)
  const drafts: AtomDraft[] = []
  for (const section of sectionsOf(tree)) {
    const chunks = pack(section.blocks.flatMap(block => piecesOf(block, markdown, maxWords)), maxWords)
    chunks.forEach((chunk, index) => {
      const body = markdown.slice(chunk.start, chunk.end).trim()
      const heading = section.trail.at(-1)
      const base = heading ?? (drafts.length === 0 ? documentTitle : leadingWords(toString(parser.parse(body)), 8))
      drafts.push({
        title: chunks.length > 1 ? `${base} (${index + 1}/${chunks.length})` : base,
        body,
        headingTrail: section.trail,
        wordCount: chunk.words,
        source: { start: chunk.start, end: chunk.end },
      })
    })
  }
  return drafts
}
