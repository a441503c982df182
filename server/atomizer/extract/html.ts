import type { Element, Nodes as HastNodes } from 'hast'
import { fromHtml } from 'hast-util-from-html'
import { toText } from 'hast-util-to-text'
import { toMdast, type Handle } from 'hast-util-to-mdast'
import type { Nodes as MdastNodes, PhrasingContent } from 'mdast'
import { gfmToMarkdown } from 'mdast-util-gfm'
import { toMarkdown } from 'mdast-util-to-markdown'
import { visit } from 'unist-util-visit'
import { AtomizeInputError, type ExtractedDocument } from '../model'
import { readMarkdown } from './markdown'
import { readText } from './text'

/** Deeper nesting than any real document has; past it a file is refused before it is parsed recursively. */
const maxDepth = 500
const voidOrOptionalEnd = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr',
  'p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'thead', 'tbody', 'tfoot', 'option', 'optgroup', 'colgroup', 'caption', 'rb', 'rt', 'rp'])

/** The words of an HTML document without any markup, scripts or styles. */
function textOfHtml(html: string): string {
  return html
    .replace(/<(script|style|template|noscript)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<(?:p|div|br|li|h[1-6]|tr|section|article)\b[^>]*>/gi, '\n\n')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(?:amp|lt|gt|quot|#39|nbsp);/g, entity => ({ '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': '\'', '&nbsp;': ' ' })[entity]!)
    .replace(/[ \t]+/g, ' ')
}

/** Nesting depth from the tags alone (elements whose end tag may be left out are not counted). */
function tagDepth(html: string): number {
  let depth = 0
  let deepest = 0
  for (const match of html.matchAll(/<(\/?)([a-zA-Z][\w:-]*)[^>]*?(\/?)>/g)) {
    const name = match[2]!.toLowerCase()
    if (voidOrOptionalEnd.has(name) || match[3]) continue
    depth = match[1] ? Math.max(0, depth - 1) : depth + 1
    if (depth > deepest) deepest = depth
    if (deepest > maxDepth) return deepest
  }
  return deepest
}

const element = (node: HastNodes, tag: string): node is Element => node.type === 'element' && node.tagName === tag

/** `<dfn>` marks a defined term: kept as emphasis so the term finder counts it. */
const dfn: Handle = (state, node) => ({ type: 'strong', children: state.all(node) as PhrasingContent[] })

/** `<dl>` glossaries become "**term**: meaning" items, the shape the glossary reader recognises. */
const dl: Handle = (_state, node) => {
  const items: MdastNodes[] = []
  let term: string | undefined
  for (const child of node.children) {
    if (element(child, 'dt')) term = toText(child).trim()
    else if (element(child, 'dd') && term) {
      items.push({ type: 'listItem', spread: false, children: [{ type: 'paragraph', children: [
        { type: 'strong', children: [{ type: 'text', value: term }] },
        { type: 'text', value: `: ${toText(child).replace(/\s+/g, ' ').trim()}` },
      ] }] })
    }
  }
  return items.length > 0 ? { type: 'list', ordered: false, spread: false, children: items as never } : undefined
}

/** MathML keeps its text (or its TeX annotation) so equations stay readable. */
const math: Handle = (_state, node) => {
  const tex = node.children.find(child => element(child, 'semantics'))
  const text = (tex ? toText(tex) : toText(node)).replace(/\s+/g, ' ').trim()
  return text ? { type: 'inlineCode', value: text } : undefined
}

const safeUrl = /^(?:https?:|mailto:|#|\/(?!\/)|\.{0,2}\/|[^:/?#]+(?:[/?#]|$))/i

/** Links and images keep only URLs that cannot run code. */
function dropUnsafeUrls(tree: MdastNodes) {
  visit(tree, (node) => {
    if ((node.type === 'link' || node.type === 'image') && !safeUrl.test(node.url.trim())) node.url = ''
  })
}

/** HTML into blocks: scripts, styles, handlers and unsafe URLs are dropped on the way to Markdown. */
export function readHtml(html: string): ExtractedDocument {
  // Nesting no real page has: read the words alone, rather than walk the tree recursively.
  if (tagDepth(html) > maxDepth) return readText(textOfHtml(html))
  let tree
  try {
    tree = fromHtml(html)
  }
  catch (error) {
    if (error instanceof RangeError) throw new AtomizeInputError('The HTML is nested too deeply to read.')
    throw error
  }
  let title: string | undefined
  visit(tree, 'element', (node) => {
    if (node.tagName === 'title' && !title) title = toText(node).trim() || undefined
  })
  // A <base> would make every relative link resolve against it (and a hostile one fails to parse).
  visit(tree, 'element', (node, index, parent) => {
    if (node.tagName === 'base' && parent && index !== undefined) parent.children.splice(index, 1)
  })
  const mdast = toMdast(tree, { handlers: { dfn, dl, math } })
  dropUnsafeUrls(mdast)
  const markdown = toMarkdown(mdast, { extensions: [gfmToMarkdown()] })
  const document = readMarkdown(markdown)
  return { title: title ?? document.title, blocks: document.blocks }
}
