import type { List, ListItem, Nodes, Root, RootContent } from 'mdast'
import { toString } from 'mdast-util-to-string'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import { unified } from 'unified'
import { visit } from 'unist-util-visit'
import { emptyBlock, type Block, type ExtractedDocument, type GlossaryEntry } from '../model'

const parser = unified().use(remarkParse).use(remarkGfm).freeze()

/** "Term: meaning", "Term — meaning" or "**Term** meaning" at the start of a list item or paragraph. */
const glossaryLine = /^\s*(?:\*\*|__)?([^*_:—–\n]{1,60}?)(?:\*\*|__)?\s*(?::|—|–| - )\s+(.{8,})$/s

function emphasisOf(node: Nodes): string[] {
  const found: string[] = []
  visit(node, (child) => {
    if (child.type === 'strong' || child.type === 'emphasis') {
      const text = toString(child).trim()
      if (text && text.length <= 80) found.push(text)
    }
  })
  return found
}

function glossaryOf(node: Nodes): GlossaryEntry | undefined {
  const first = node.type === 'listItem' ? (node as ListItem).children[0] : node
  if (!first || first.type !== 'paragraph') return undefined
  const lead = first.children[0]
  const text = toString(first)
  const match = glossaryLine.exec(text)
  // Only an emphasised lead-in reads as a glossary entry; "Note: ..." in plain text does not.
  if (!match || !lead || (lead.type !== 'strong' && lead.type !== 'emphasis')) return undefined
  const term = match[1]!.trim()
  return term.split(/\s+/).length <= 6 ? { term, meaning: match[2]!.trim() } : undefined
}

const listText = (list: List) => list.children.map(item => toString(item)).join('\n')

function blockOf(node: RootContent, source: string, offset: number): Block | undefined {
  const start = node.position?.start.offset ?? 0
  const end = node.position?.end.offset ?? start
  const block = emptyBlock('paragraph', start + offset, end + offset)
  block.markdown = source.slice(start, end).trim()
  switch (node.type) {
    case 'heading':
      return { ...block, kind: 'heading', depth: node.depth, text: toString(node).trim() }
    case 'paragraph': {
      const onlyImage = node.children.length === 1 && node.children[0]!.type === 'image'
      const glossary = glossaryOf(node)
      return { ...block, kind: onlyImage ? 'figure' : 'paragraph', text: onlyImage ? (node.children[0] as { alt?: string }).alt ?? '' : toString(node),
        emphasis: emphasisOf(node), glossary: glossary ? [glossary] : [] }
    }
    case 'list':
      return { ...block, kind: 'list', text: listText(node), items: node.children.map(item => toString(item).trim()),
        ordered: Boolean(node.ordered), emphasis: emphasisOf(node),
        glossary: node.children.flatMap(item => glossaryOf(item) ?? []) }
    case 'code':
      return { ...block, kind: 'code' }
    case 'math' as string:
      return { ...block, kind: 'math', text: toString(node) }
    case 'table':
      return { ...block, kind: 'table', text: node.children.map(row => row.children.map(cell => toString(cell)).join(' | ')).join('\n'),
        emphasis: emphasisOf(node) }
    case 'blockquote':
      return { ...block, kind: 'quote', text: toString(node), emphasis: emphasisOf(node) }
    default:
      // Raw HTML, thematic breaks and link definitions carry no readable content of their own.
      return undefined
  }
}

/** Markdown into blocks; spans are offsets in `source` plus `offset`. */
export function readMarkdown(source: string, offset = 0): ExtractedDocument {
  const tree: Root = parser.parse(source)
  const blocks = tree.children.flatMap(node => blockOf(node, source, offset) ?? [])
  const firstHeading = blocks.find(block => block.kind === 'heading' && block.depth === 1)
  return { title: firstHeading?.text, blocks: blocks.filter(block => block.kind === 'code' || block.markdown !== '') }
}
