const leadingDeterminer = /^(?:the|a|an|this|these|those|its|their|our|your)\s+/i
const invariant = new Set(['mars', 'venus', 'uranus', 'paris', 'texas', 'athens', 'species', 'series', 'news', 'physics', 'mathematics', 'economics', 'ethics', 'genetics', 'statistics',
  'analysis', 'basis', 'hypothesis', 'thesis', 'synthesis', 'photosynthesis', 'osmosis', 'mitosis', 'meiosis', 'diagnosis', 'crisis',
  'virus', 'status', 'focus', 'bus', 'gas', 'lens', 'bias', 'canvas', 'atlas', 'chaos', 'glass', 'class', 'mass', 'process', 'business'])
const irregular: Record<string, string> = { children: 'child', people: 'person', men: 'man', women: 'woman', feet: 'foot', teeth: 'tooth',
  mice: 'mouse', geese: 'goose', data: 'data', criteria: 'criterion', phenomena: 'phenomenon', mitochondria: 'mitochondrion', bacteria: 'bacterium',
  nuclei: 'nucleus', fungi: 'fungus', stimuli: 'stimulus', radii: 'radius', algae: 'alga', larvae: 'larva', vertebrae: 'vertebra',
  indices: 'index', matrices: 'matrix', vertices: 'vertex', analyses: 'analysis', hypotheses: 'hypothesis', theses: 'thesis', crises: 'crisis',
  gases: 'gas', viruses: 'virus', biases: 'bias', lenses: 'lens', focuses: 'focus', censuses: 'census', statuses: 'status', atlases: 'atlas', canvases: 'canvas', buses: 'bus' }

/** Singular of an English noun, by rule; good enough to make "cells" and "cell" one term. */
export function singular(word: string): string {
  if (invariant.has(word) || word.length <= 3) return word
  if (irregular[word]) return irregular[word]
  if (/[^aeiou]ies$/.test(word)) return `${word.slice(0, -3)}y`
  if (/(?:ss|sh|ch|x|z)es$/.test(word) || /[^aeiou]oes$/.test(word)) return word.slice(0, -2)
  if (/(?:ss|us|is|ous)$/.test(word)) return word
  if (word.endsWith('s')) return word.slice(0, -1)
  return word
}

const keys = new Map<string, string>()

/** The key a term is known by: lower case, no leading article, last word singular (remembered: terms recur). */
export function termKey(text: string): string {
  let key = keys.get(text)
  if (key === undefined) {
    key = computeKey(text)
    if (keys.size >= 100_000) keys.clear()
    keys.set(text, key)
  }
  return key
}

function computeKey(text: string): string {
  const words = text.toLowerCase().replace(/[“”"'’()[\]]/g, '').replace(leadingDeterminer, '').trim().split(/\s+/).filter(Boolean)
  if (words.length === 0) return ''
  words[words.length - 1] = singular(words.at(-1)!)
  return words.join(' ')
}
