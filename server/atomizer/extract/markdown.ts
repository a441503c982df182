import { Lexer, type Token, type Tokens } from 'marked'
import { emptyBlock, type Block, type ExtractedDocument, type GlossaryEntry } from '../model'

/** "**Term**: meaning", "*Term* — meaning" at the start of a list item or paragraph (a paragraph needs the separator). */
const glossaryLine = /^\s*(?:\*\*|__|\*|_)([^*_:—–\n]{1,60}?)(?:\*\*|__|\*|_)\s*(:|—|–| - )?\s+(.{8,})$/s
/** Bold lead-ins that label rather than name a term: "**Figure 2.1** A cell…", "**Example 3**", "**Note**". */
const labelLead = /^(?:figure|fig|table|equation|eq|chapter|section|unit|part|box|exhibit|appendix|example|exercise|step|question|answer|solution|note|tip|warning|caution|summary|review)\b|\d/i

const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': '\'' }
const decode = (text: string) => text.replace(/&(?:amp|lt|gt|quot|#39);/g, entity => entities[entity]!)

/** The words of inline content, without markup; images count by their alt text, raw HTML not at all. */
function inlineText(tokens: Token[] | undefined): string {
  if (!tokens) return ''
  let text = ''
  for (const token of tokens) {
    if (token.type === 'html') continue
    if (token.type === 'br') text += ' '
    else if ('tokens' in token && token.tokens && token.type !== 'image') text += inlineText(token.tokens)
    else if ('text' in token && typeof token.text === 'string') text += decode(token.text)
  }
  return text
}

/** The text of block content (inside quotes and list items), a line per block. */
function blockText(tokens: Token[]): string {
  const lines: string[] = []
  for (const token of tokens) {
    if (token.type === 'list') lines.push(...(token as Tokens.List).items.map(item => blockText(item.tokens)))
    else if (token.type === 'code' || token.type === 'html' || token.type === 'space') continue
    else if (token.type === 'blockquote') lines.push(blockText(token.tokens ?? []))
    else if ('tokens' in token && token.tokens) lines.push(inlineText(token.tokens))
    else if ('text' in token) lines.push(decode(String(token.text)))
  }
  return lines.filter(Boolean).join('\n')
}

function emphasisOf(tokens: Token[] | undefined, found: string[] = []): string[] {
  for (const token of tokens ?? []) {
    if (token.type === 'strong' || token.type === 'em') {
      const text = inlineText(token.tokens).trim()
      if (text && text.length <= 80) found.push(text)
    }
    else if ('tokens' in token && token.tokens) {
      emphasisOf(token.tokens, found)
    }
    if (token.type === 'list') for (const item of (token as Tokens.List).items) emphasisOf(item.tokens, found)
  }
  return found
}

/** A glossary entry: only an emphasised lead-in counts ("Note: …" in plain text does not). */
function glossaryOf(raw: string, tokens: Token[] | undefined, listItem: boolean): GlossaryEntry | undefined {
  const first = tokens?.[0]
  const lead = first && 'tokens' in first && first.tokens && first.type !== 'strong' && first.type !== 'em' ? first.tokens[0] : first
  if (!lead || (lead.type !== 'strong' && lead.type !== 'em')) return undefined
  const match = glossaryLine.exec(raw.replace(/^\s*(?:[-*+]|\d+[.)])\s+/, ''))
  if (!match || (!listItem && !match[2])) return undefined
  const term = match[1]!.trim()
  if (labelLead.test(term)) return undefined
  return term.split(/\s+/).length <= 6 ? { term, meaning: inlineText(new Lexer().inlineTokens(match[3]!.trim())).trim() } : undefined
}

function blockOf(token: Token, start: number): Block | undefined {
  const block = emptyBlock('paragraph', start, start + token.raw.trimEnd().length)
  block.markdown = token.raw.trim()
  switch (token.type) {
    case 'heading':
      return { ...block, kind: 'heading', depth: (token as Tokens.Heading).depth, text: inlineText(token.tokens).trim() }
    case 'paragraph': {
      const inline = token.tokens ?? []
      const image = inline.length === 1 && inline[0]!.type === 'image' ? inline[0] as Tokens.Image : undefined
      const glossary = glossaryOf(token.raw, inline, false)
      return { ...block, kind: image ? 'figure' : 'paragraph', text: image ? image.text : inlineText(inline),
        emphasis: emphasisOf(inline), glossary: glossary ? [glossary] : [] }
    }
    case 'list': {
      const list = token as Tokens.List
      const items = list.items.map(item => blockText(item.tokens).replace(/\n/g, ' ').trim())
      return { ...block, kind: 'list', text: items.join('\n'), items, ordered: list.ordered, emphasis: emphasisOf([token]),
        glossary: list.items.flatMap(item => glossaryOf(item.raw, item.tokens, true) ?? []) }
    }
    case 'code':
      return { ...block, kind: 'code' }
    case 'table': {
      const table = token as Tokens.Table
      const rows = [table.header, ...table.rows].map(row => row.map(cell => inlineText(cell.tokens)).join(' | '))
      return { ...block, kind: 'table', text: rows.join('\n'), emphasis: emphasisOf([...table.header, ...table.rows.flat()].flatMap(cell => cell.tokens)) }
    }
    case 'blockquote':
      return { ...block, kind: 'quote', text: blockText(token.tokens ?? []), emphasis: emphasisOf(token.tokens) }
    default:
      // Raw HTML, rules, spaces and link definitions carry no readable content of their own.
      return undefined
  }
}

/** Markdown into blocks (marked's lexer, GitHub-flavoured); spans are offsets in the source (line ends normalised) plus `offset`. */
export function readMarkdown(source: string, offset = 0): ExtractedDocument {
  const normalised = source.replace(/\r\n?/g, '\n')
  const tokens = new Lexer({ gfm: true }).lex(normalised)
  const blocks: Block[] = []
  let cursor = 0
  for (const token of tokens) {
    const start = normalised.indexOf(token.raw, cursor)
    const at = start >= 0 ? start : cursor
    cursor = at + token.raw.length
    const block = blockOf(token, at + offset + (token.raw.length - token.raw.trimStart().length))
    if (block && block.markdown !== '') blocks.push(block)
  }
  const firstHeading = blocks.find(block => block.kind === 'heading' && block.depth === 1)
  return { title: firstHeading?.text, blocks }
}
