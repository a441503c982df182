const markdownSpecial = /([\\`*_{}[\]<>()#+|!~]|^-|^\d+\.)/gm

/** A short line standing alone, without closing punctuation, reads as a heading in plain text. */
function looksLikeHeading(paragraph: string): boolean {
  if (paragraph.includes('\n')) return false
  const words = paragraph.trim().split(/\s+/)
  return words.length > 0 && words.length <= 10 && paragraph.length <= 80 && !/[.,;:!?]$/.test(paragraph.trim())
}

/**
 * Turns plain text into Markdown the atomizer reads: blank lines separate paragraphs, heading-like
 * lines become headings, and characters Markdown would interpret are escaped.
 */
export function plainTextToMarkdown(text: string): string {
  const paragraphs = text.replace(/\r\n?/g, '\n').split(/\n\s*\n/).map(part => part.trim()).filter(Boolean)
  return paragraphs.map((paragraph, index) => {
    const escaped = paragraph.replace(markdownSpecial, '\\$1')
    const next = paragraphs[index + 1]
    return next !== undefined && looksLikeHeading(paragraph) && !looksLikeHeading(next) ? `## ${escaped}` : escaped
  }).join('\n\n')
}
