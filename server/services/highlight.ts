const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, char => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\'': '&#39;' })[char]!)

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

export function queryTerms(query: string): string[] {
  return [...new Set(query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])].filter(term => term.length > 1)
}

/**
 * Excerpts of `text` around matches of the query's terms (prefixes count, as in the search), HTML-escaped,
 * with each match in `<mark>`. Driver-independent, so every search driver reports highlights the same way.
 */
export function highlight(text: string, query: string, { maxExcerpts = 2, radius = 80 } = {}): string[] {
  const terms = queryTerms(query)
  if (terms.length === 0) return []
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${terms.map(escapeRegExp).join('|')})[\\p{L}\\p{N}]*`, 'giu')
  const plain = text.replace(/\s+/g, ' ')
  const windows: { start: number, end: number }[] = []
  for (const match of plain.matchAll(pattern)) {
    const start = Math.max(0, match.index - radius)
    const end = Math.min(plain.length, match.index + match[0].length + radius)
    const last = windows.at(-1)
    if (last && start <= last.end) last.end = Math.max(last.end, end)
    else if (windows.length < maxExcerpts) windows.push({ start, end })
    else break
  }
  return windows.map(({ start, end }) => {
    const excerpt = plain.slice(start, end)
    const marked = escapeHtml(excerpt).replace(new RegExp(pattern.source, 'giu'), found => `<mark>${found}</mark>`)
    return `${start > 0 ? '…' : ''}${marked}${end < plain.length ? '…' : ''}`
  })
}
