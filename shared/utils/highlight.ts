import { foldDiacritics, isStopWord, searchWords } from './search-words'

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, char => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\'': '&#39;' })[char]!)

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** The words of a query that highlights mark: those the search matches on (see search-words.ts). */
export const queryTerms = searchWords

interface Span {
  start: number
  end: number
}

/**
 * The text folded and lower-cased as the index folds it, with where each folded character came from,
 * so a match found in the folded text marks the characters as written ("Tenochtitlán" for "tenochtitlan").
 */
function foldedWithOrigins(text: string): { folded: string, origins: Span[] } {
  let folded = ''
  const origins: Span[] = []
  let at = 0
  for (const char of text) {
    const piece = foldDiacritics(char).toLowerCase()
    for (let i = 0; i < piece.length; i++) origins.push({ start: at, end: at + char.length })
    folded += piece
    at += char.length
  }
  return { folded, origins }
}

/** Where the query's words start words of the text (prefixes count, as in the search); stop words are never marked. */
function matchesIn(plain: string, terms: string[]): Span[] {
  const { folded, origins } = foldedWithOrigins(plain)
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${terms.map(escapeRegExp).join('|')})[\\p{L}\\p{N}]*`, 'gu')
  const matches: Span[] = []
  for (const match of folded.matchAll(pattern)) {
    // A term may be the start of a stop word ("wh" of "which"): such words match nothing in the index either.
    if (isStopWord(match[0]) || match[0].length === 0) continue
    matches.push({ start: origins[match.index]!.start, end: origins[match.index + match[0].length - 1]!.end })
  }
  return matches
}

/**
 * Excerpts of `text` around matches of the query's words (prefixes count, as in the search), HTML-escaped,
 * with each match in `<mark>`. Diacritics are folded on both sides and stop words left out, as the indices
 * do. Driver-independent, so every search driver and the offline index report highlights the same way.
 */
export function highlight(text: string, query: string, { maxExcerpts = 2, radius = 80 } = {}): string[] {
  const terms = queryTerms(query)
  if (terms.length === 0) return []
  const plain = text.replace(/\s+/g, ' ')
  const matches = matchesIn(plain, terms)
  const windows: Span[] = []
  for (const match of matches) {
    const start = Math.max(0, match.start - radius)
    const end = Math.min(plain.length, match.end + radius)
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

/** Highlights split by field, as the search drivers report them: the whole title when it matched, excerpts of the body. */
export function fieldHighlights(doc: { title: string, body: string }, query: string): { title?: string, body: string[] } {
  const [title] = highlight(doc.title, query, { maxExcerpts: 1, radius: doc.title.length })
  return { ...(title ? { title } : {}), body: highlight(doc.body, query) }
}

/**
 * The excerpts a search result shows: the index's marks of the body where it has them, else of the title,
 * else the helper's of title and text; an atom found by meaning alone may share no word with the query,
 * and its opening stands for it. The server's results and the offline ones alike.
 */
export function searchExcerpts(atom: { title: string, text: string }, query: string, marks?: { title?: string, body: string[] }): string[] {
  if (marks?.body.length) return marks.body
  if (marks?.title) return [marks.title]
  const marked = highlight(`${atom.title}. ${atom.text}`, query)
  return marked.length > 0 ? marked : [openingExcerpt(atom.text)]
}
