import type { Sentence, Token } from './analyze'
import { termKey } from './term-key'

export type DefinitionKind = 'copula' | 'refers' | 'called' | 'appositive' | 'glossary'

export interface Definition {
  term: string
  key: string
  meaning: string
  kind: DefinitionKind
}

const notTerms = new Set(['it', 'this', 'that', 'these', 'those', 'they', 'he', 'she', 'we', 'you', 'i', 'there', 'here', 'which',
  'what', 'who', 'one', 'each', 'some', 'many', 'most', 'all', 'such', 'both', 'another', 'other', 'others', 'example', 'answer',
  'result', 'reason', 'problem', 'question', 'goal', 'idea', 'point', 'difference', 'key', 'rule', 'step', 'first', 'second', 'next', 'last'])
const anaphoric = /^(?:this|these|that|those|such|it)\b/i
const subjectTags = new Set(['NOUN', 'PROPN', 'ADJ'])

const clean = (text: string) => text.replace(/\s+/g, ' ').replace(/^[\s,;:–—-]+|[\s,;:.–—-]+$/g, '').trim()

/** A noun phrase at the start of the sentence, up to its verb: the term a definition defines. */
function subjectOf(tokens: Token[]): { term: string, verb: number } | undefined {
  let start = 0
  if (tokens[0]?.pos === 'DET' && /^(?:a|an|the)$/i.test(tokens[0].value)) start = 1
  let verb = start
  while (verb < tokens.length && (subjectTags.has(tokens[verb]!.pos) || (tokens[verb]!.value === '-' && verb > start))) verb++
  const words = tokens.slice(start, verb)
  if (words.length === 0 || words.length > 5 || !tokens[verb] || !/^(?:AUX|VERB)$/.test(tokens[verb]!.pos)) return undefined
  if (!/^(?:NOUN|PROPN)$/.test(words.at(-1)!.pos) || notTerms.has(words[0]!.value.toLowerCase())) return undefined
  return { term: words.map(token => token.value).join(' '), verb }
}

const textFrom = (tokens: Token[], from: number) => tokens.slice(from).map(token => token.value).join(' ')
  .replace(/\s+([,.;:!?)])/g, '$1').replace(/([(])\s+/g, '$1')

/** "X is a Y that…", "X refers to Y", "X is defined as Y", "X means Y". */
function subjectDefinition(sentence: Sentence): Definition | undefined {
  const tokens = sentence.tokens
  const subject = subjectOf(tokens)
  if (!subject) return undefined
  const rest = textFrom(tokens, subject.verb)
  const refers = /^(?:refers? to|is defined as|are defined as|is the term for|are the terms? for|means|denotes|stands for|describes)\s+(.{6,})$/i.exec(rest)
  if (refers) return { term: subject.term, key: termKey(subject.term), meaning: clean(refers[1]!), kind: 'refers' }
  const copula = /^(?:is|are)\s+((?:an?|the|one of the)\s+.{8,})$/i.exec(rest)
  if (copula && copula[1]!.split(' ').length >= 3 && !/^(?:is|are)\s+the\s+(?:same|first|last|only|main|best|most)\b/i.test(rest)) {
    return { term: subject.term, key: termKey(subject.term), meaning: clean(copula[1]!), kind: 'copula' }
  }
  return undefined
}

const termPattern = `(?:an?\\s+|the\\s+)?["“]?([\\p{L}][\\p{L}\\p{N}'’ -]{1,58}?)["”]?`

/** "… is called X", "… is known as X", "…, called X, …". */
function namingDefinition(sentence: Sentence, previous?: Sentence): Definition | undefined {
  const text = sentence.text
  const naming = new RegExp(`^(.{2,200}?)\\s+(?:is|are|was|were)\\s+(?:also\\s+|often\\s+|sometimes\\s+)?(?:called|known as|termed|referred to as|named)\\s+${termPattern}\\s*(?:[,.;:(]|$)`, 'iu').exec(text)
  const inner = naming ? undefined : new RegExp(`^(.{5,160}?),\\s+(?:called|known as|termed)\\s+${termPattern},`, 'iu').exec(text)
  const trailing = naming || inner ? undefined : new RegExp(`^(.{10,200}?),\\s+(?:an?|the)\\s+[\\p{L} -]{0,40}?\\s(?:called|known as|termed)\\s+${termPattern}\\s*[.;]?$`, 'iu').exec(text)
  const match = naming ?? inner ?? trailing
  if (!match) return undefined
  const term = clean(match[2]!)
  if (term.split(' ').length > 5 || notTerms.has(term.toLowerCase())) return undefined
  const described = clean(match[1]!)
  const meaning = anaphoric.test(described) && previous ? clean(previous.text) : described
  return { term, key: termKey(term), meaning, kind: 'called' }
}

/** "X, a Y that…, does Z": an appositive right after the subject. */
function appositiveDefinition(sentence: Sentence): Definition | undefined {
  const match = /^(?:the\s+|an?\s+)?([\p{L}][\p{L}\p{N}' -]{1,50}),\s+((?:an?|the)\s+[^,]{6,120}),\s+\p{Ll}/iu.exec(sentence.text)
  if (!match) return undefined
  const term = clean(match[1]!)
  const words = term.split(' ')
  const termTokens = sentence.tokens.slice(/^(?:the|an?)$/i.test(sentence.tokens[0]?.value ?? '') ? 1 : 0).slice(0, words.length)
  if (words.length > 4 || notTerms.has(words[0]!.toLowerCase()) || !termTokens.every(token => subjectTags.has(token.pos))) return undefined
  return { term, key: termKey(term), meaning: clean(match[2]!), kind: 'appositive' }
}

/** The ways textbooks define terms, found in one sentence (the previous one resolves "This is called X"). */
export function definitionsIn(sentence: Sentence, previous?: Sentence): Definition[] {
  const found = [subjectDefinition(sentence), namingDefinition(sentence, previous), appositiveDefinition(sentence)]
    .filter((definition): definition is Definition => definition !== undefined && definition.key.length > 1)
  const seen = new Set<string>()
  return found.filter(definition => !seen.has(definition.key) && seen.add(definition.key))
}
