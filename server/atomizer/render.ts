import rehypeSanitize from 'rehype-sanitize'
import rehypeStringify from 'rehype-stringify'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import { unified } from 'unified'

const processor = unified().use(remarkParse).use(remarkGfm).use(remarkRehype).use(rehypeSanitize).use(rehypeStringify).freeze()

/** Markdown to HTML that is safe to put in a page: raw HTML, scripts, handlers and `javascript:` URLs are dropped. */
export function renderMarkdown(markdown: string): string {
  return String(processor.processSync(markdown))
}
