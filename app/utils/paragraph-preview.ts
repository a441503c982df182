import { Lexer, type Token, type Tokens } from 'marked'

/** A run of a paragraph's text as a reader sees it: plain, bold, italic or code. */
export interface PreviewRun {
  text: string
  style: 'plain' | 'strong' | 'em' | 'code'
}

/** One paragraph of an atom's body as it reads, not as it is written: for an author choosing where to split. */
export interface ParagraphPreview {
  /** Where the paragraph starts in the Markdown body: the offset a split is asked for. */
  offset: number
  /** What kind of block it is, when not plain prose (a heading, list, table, code or picture). */
  kind?: string
  runs: PreviewRun[]
}

const previewLength = 160
const fence = /^ {0,3}(```|~~~)/gm

const blockKinds: Partial<Record<string, string>> = { heading: 'Heading', list: 'List', table: 'Table', code: 'Code', blockquote: 'Quote' }

/** The inline runs of some tokens, markup taken away; raw HTML tags are dropped, their text kept. */
function runsOf(tokens: Token[], style: PreviewRun['style'] = 'plain'): PreviewRun[] {
  return tokens.flatMap((token): PreviewRun[] => {
    switch (token.type) {
      case 'strong':
      case 'em':
        return runsOf((token as Tokens.Strong | Tokens.Em).tokens, token.type)
      case 'codespan':
      case 'code':
        return [{ text: (token as Tokens.Codespan).text, style: 'code' }]
      case 'list':
        return (token as Tokens.List).items.flatMap((item): PreviewRun[] => [...runsOf(item.tokens, style), { text: ' · ', style: 'plain' }]).slice(0, -1)
      case 'table':
        return [{ text: (token as Tokens.Table).header.map(cell => cell.text).join(' · '), style }]
      case 'html':
      case 'space':
        return []
      case 'br':
        return [{ text: ' ', style }]
      default: {
        const nested = (token as { tokens?: Token[] }).tokens
        if (nested?.length) return runsOf(nested, style)
        return 'text' in token && typeof token.text === 'string' ? [{ text: token.text, style }] : []
      }
    }
  })
}

/** The runs, cut to about `previewLength` characters with an ellipsis. */
function shortened(runs: PreviewRun[]): PreviewRun[] {
  const kept: PreviewRun[] = []
  let length = 0
  for (const run of runs) {
    const text = run.text.replace(/\s+/g, ' ')
    if (length + text.length > previewLength) {
      kept.push({ ...run, text: `${text.slice(0, previewLength - length).trimEnd()}…` })
      return kept
    }
    kept.push({ ...run, text })
    length += text.length
  }
  return kept
}

/**
 * Each paragraph after the first where the body may be split (after a blank line, outside fenced code, as the
 * server accepts), with its opening as rendered text.
 */
export function splitPreviews(body: string): ParagraphPreview[] {
  const previews: ParagraphPreview[] = []
  for (const match of body.matchAll(/\n[ \t]*\n\s*/g)) {
    const offset = match.index + match[0].length
    const insideCode = (body.slice(0, offset).match(fence)?.length ?? 0) % 2 === 1
    if (offset >= body.length || insideCode) continue
    // The whole rest is read, so a block with blank lines inside (fenced code, a loose list) stays whole.
    const block = Lexer.lex(body.slice(offset)).find(token => token.type !== 'space')
    const runs = shortened(block ? runsOf([block]) : [])
    if (runs.some(run => run.text.trim())) previews.push({ offset, ...(block && blockKinds[block.type] && { kind: blockKinds[block.type] }), runs })
  }
  return previews
}
