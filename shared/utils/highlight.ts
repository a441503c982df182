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
  const matches: { start: number, end: number }[] = []
  const windows: { start: number, end: number }[] = []
  for (const match of plain.matchAll(pattern)) {
    matches.push({ start: match.index, end: match.index + match[0].length })
    const start = Math.max(0, match.index - radius)
    const end = Math.min(plain.length, match.index + match[0].length + radius)
    const last = windows.at(-1)
    if (last && start <= last.end) last.end = Math.max(last.end, end)
    else if (windows.length < maxExcerpts) windows.push({ start, end })
    else break
  }
  // Marks go around the matches found in the plain text, and only the text between them is escaped:
  // matching the escaped text instead would mark inside entities (a query "lt" would break "&lt;").
  return windows.map(({ start, end }) => {
    let marked = ''
    let at = start
    for (const match of matches) {
      if (match.start < start || match.end > end) continue
      marked += `${escapeHtml(plain.slice(at, match.start))}<mark>${escapeHtml(plain.slice(match.start, match.end))}</mark>`
      at = match.end
    }
    marked += escapeHtml(plain.slice(at, end))
    return `${start > 0 ? '…' : ''}${marked}${end < plain.length ? '…' : ''}`
  })
}

/** The opening of a text as an excerpt (escaped, nothing marked): for a hit that matched by meaning, not by words. */
export function openingExcerpt(text: string, length = 160): string {
  const plain = text.replace(/\s+/g, ' ').trim()
  if (plain.length <= length) return escapeHtml(plain)
  const cut = plain.lastIndexOf(' ', length)
  return `${escapeHtml(plain.slice(0, cut > 0 ? cut : length))}…`
}
