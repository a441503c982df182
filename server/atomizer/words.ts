const wordPattern = /[\p{L}\p{N}][\p{L}\p{N}'’_-]*/gu

export function countWords(text: string): number {
  let count = 0
  for (const _ of text.matchAll(wordPattern)) count++
  return count
}

/** The first `limit` words, for a title made from text. */
export function leadingWords(text: string, limit: number): string {
  const words = text.match(wordPattern) ?? []
  const lead = words.slice(0, limit).join(' ')
  return words.length > limit ? `${lead}…` : lead
}
