import { toString } from 'nlcst-to-string'
import { retext } from 'retext'
import retextKeywords from 'retext-keywords'
import retextPos from 'retext-pos'
import { termKey } from '../../server/atomizer/nlp/term-key'

/** retext-keywords' key phrases, then its keywords, as one list of at most `limit` distinct terms: the baseline key terms are compared with. */
export async function retextKeyTerms(text: string, limit: number): Promise<string[]> {
  const file = await retext().use(retextPos).use(retextKeywords, { maximum: limit }).process(text)
  const phrases = (file.data.keyphrases ?? []).map(phrase => toString(phrase.matches[0]!.nodes))
  const words = (file.data.keywords ?? []).map(keyword => toString(keyword.matches[0]!.node))
  const seen = new Set<string>()
  return [...phrases, ...words].filter(term => !seen.has(termKey(term)) && seen.add(termKey(term))).slice(0, limit)
}
