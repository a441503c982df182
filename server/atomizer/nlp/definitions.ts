import { tokenText, type Sentence, type Token } from './analyze'
import { genericAdjectives, genericNouns } from './generic-words'
import { termKey } from './term-key'
import type { TermStats } from './terms'

export type DefinitionKind = 'copula' | 'refers' | 'called' | 'appositive' | 'verbal' | 'glossary'

export interface Definition {
  term: string
  key: string
  meaning: string
  kind: DefinitionKind
  /** Where the text gives it: the sentence's index in its atom (none for glossary entries). */
  sentence?: number
}

/** A definition the text seems to give, with what a judge (the definitions model) weighs. */
export interface DefinitionCandidate {
  definition: Definition
  /** The sentence that gives it, and how many sentences its atom has. */
  sentence: string
  sentenceCount: number
  /** Whether the text emphasises the term where it gives this definition (bold in the same paragraph). */
  emphasised?: boolean
  /** The term's statistics in its document. */
  stats?: TermStats
  /** The key-term model's (or the rules') score for the term; undefined when it is no key term. */
  keyTermScore?: number
  /** Which of the document's candidates for the same term this is (0: the first), and how many there are. */
  rank: number
  rivals: number
}

/** Keeps (true) or drops each candidate; undefined keeps them all (the rules' choice). */
export type DefinitionJudge = (candidates: DefinitionCandidate[]) => Promise<boolean[] | undefined>

/** Words that open a clause but never name a term. */
const pronouns = new Set(['it', 'this', 'that', 'these', 'those', 'they', 'he', 'she', 'we', 'you', 'i', 'there', 'here', 'which',
  'what', 'who', 'each', 'some', 'many', 'most', 'all', 'such', 'both', 'another', 'others', 'its', 'their', 'his', 'her', 'our'])
/** Words that alone are never the term being defined. */
const notTermsAlone = new Set(['one', 'other', 'example', 'answer', 'result', 'reason', 'problem', 'question', 'goal', 'idea', 'point',
  'difference', 'key', 'rule', 'step', 'first', 'second', 'third', 'next', 'last', 'way', 'thing', 'part', 'case', 'kind', 'type'])
/** Heads of phrases that judge or point rather than name: "the textbook case", "the usual way", "the aim". */
const evaluativeHeads = new Set(['case', 'tool', 'job', 'way', 'trap', 'reason', 'example', 'choice', 'strength', 'weakness', 'measure',
  'object', 'remedy', 'mistake', 'idea', 'answer', 'result', 'aim', 'goal', 'reward', 'point', 'problem', 'question', 'thing', 'part',
  'step', 'rule', 'key', 'one', 'kind', 'type', 'sort', 'lesson', 'price', 'cost', 'omission'])
const demonstratives = /^(?:this|these|that|those|such)$/i
const anaphoric = /^(?:this|these|that|those|such|it)\b/i
const nounTags = new Set(['NOUN', 'PROPN'])
const phraseTags = new Set(['NOUN', 'PROPN', 'ADJ'])

const clean = (text: string) => text.replace(/\s+/g, ' ').replace(/^[\s,;:–—-]+|[\s,;:.–—-]+$/g, '').trim()

function acceptable(term: string): boolean {
  const words = term.split(/\s+/)
  if (words.length === 0 || words.length > 5 || term.length > 60) return false
  if (pronouns.has(words[0]!.toLowerCase())) return false
  return !(words.length === 1 && (notTermsAlone.has(term.toLowerCase()) || genericNouns.has(term.toLowerCase())))
}

/** A meaning that stops mid-clause ("… of the", "… and") is no meaning a learner can read. */
const danglingEnd = /\b(?:this|these|those|why|which|that|who|whom|whose|where|when|and|or|but|of|the|a|an|to|in|on|by|for|with|as|is|are|was|were|be|been|its|their)$/i
/** A pronoun that opens a clause and stops there: "… is why they", "… when it"; "… and leaves it" is whole. */
const danglingSubject = /\b(?:why|which|that|when|where|because|if|since|while|whether|how|what|so|and|or|but)\s+(?:it|they|he|she|we|this|these|those)$/i
/** A pronoun that a preposition governs closes a phrase: "… without being used up by it". */
const governedPronounEnd = /\b(?:by|to|of|with|for|from|on|in|at|about|into|than|without|between|among)\s+(?:it|them|this|these|those)$/i
const dangles = (meaning: string) => danglingSubject.test(meaning) || (danglingEnd.test(meaning) && !governedPronounEnd.test(meaning))

/** Whole, readable meanings: "When a molecule is made up of …, it" becomes "a molecule is made up of …"; panel marks ("(b)") go. */
function wholeMeaning(meaning: string): string {
  let text = clean(meaning).replace(/^\(?[a-h]\)\s+/i, '')
  const clause = /^(?:when|if|once|whenever)\s+(.{8,}?),\s*(?:it|they|this|these|such \w+)$/i.exec(text)
  // The condition is a clause ("a molecule is made up of …"); its subject and participle make the phrase ("a molecule made up of …").
  if (clause) text = clause[1]!.replace(/^((?:an?|the)\s[\p{L}\s-]{1,40}?)\s(?:is|are)\s(?=\p{L}+(?:ed|en)\b|made\b|built\b|held\b|found\b|known\b|composed\b)/u, '$1 ')
  return text
}

const definition = (term: string, meaning: string, kind: DefinitionKind): Definition | undefined => {
  const cleanTerm = clean(term).replace(/^(?:the|an?)\s+/i, '')
  const cleanMeaning = wholeMeaning(meaning)
  if (!acceptable(cleanTerm) || cleanMeaning.split(' ').length < 2 || termKey(cleanMeaning) === termKey(cleanTerm) || !prose(cleanMeaning)) return undefined
  if (dangles(cleanMeaning) || /^(?:figure|table|fig\.)\s*\d/i.test(cleanMeaning)) return undefined
  return { term: cleanTerm, key: termKey(cleanTerm), meaning: cleanMeaning, kind }
}

/** Phrases that interrupt a clause without changing what it says ("A eukaryotic cell, by contrast, is …"). */
const asideWords = '(?:by contrast|in contrast|for example|for instance|however|therefore|in turn|then|too|also|in general|in short|roughly speaking)'
const asides = new RegExp(`,\\s+${asideWords},`, 'gi')
const isAside = new RegExp(`^${asideWords}$`, 'i')

/** Clauses of a sentence: split at semicolons and at ", and" / ", while" / ", whereas" / ", but". */
function clauses(sentence: Sentence): Token[][] {
  const parts: Token[][] = [[]]
  sentence.tokens.forEach((token, i) => {
    const next = sentence.tokens[i + 1]
    if (token.value === ';' || (token.value === ',' && next && /^(?:and|while|whereas|but)$/i.test(next.value) && parts.at(-1)!.length > 3)) {
      parts.push([])
      return
    }
    if (parts.at(-1)!.length === 0 && /^(?:and|while|whereas|but)$/i.test(token.value)) return
    parts.at(-1)!.push(token)
  })
  return parts.filter(part => part.length > 2)
}

/** The noun phrase opening a clause, up to its verb; "the mean of a data set" names "mean". */
function subjectOf(tokens: Token[]): { term: string, verb: number } | undefined {
  let start = 0
  if (tokens[0]?.pos === 'DET' && /^(?:a|an|the)$/i.test(tokens[0].value)) start = 1
  else if (tokens[0] && demonstratives.test(tokens[0].value) && tokens[1] && phraseTags.has(tokens[1].pos)) start = 1
  let end = start
  while (end < tokens.length && phraseTags.has(tokens[end]!.pos)) end++
  // "balance of power", "law of large numbers": "of" and a bare noun phrase belong to the term.
  if (tokens[end]?.lemma === 'of' && end > start && tokens[end + 1] && phraseTags.has(tokens[end + 1]!.pos)) {
    let tail = end + 1
    while (tail < tokens.length && tail - end <= 3 && phraseTags.has(tokens[tail]!.pos)) tail++
    if (nounTags.has(tokens[tail - 1]!.pos) && tail - start <= 5) end = tail
  }
  let verb = end
  // "of a data set", "of a variable": a qualifier of the term, skipped up to the verb.
  if (tokens[verb]?.lemma === 'of') {
    verb++
    while (verb < tokens.length && verb - end < 6 && (phraseTags.has(tokens[verb]!.pos) || tokens[verb]!.pos === 'DET')) verb++
  }
  // "Partial pressure (Px) is …": an abbreviation or a gloss in brackets stands between term and verb.
  if (tokens[verb]?.value === '(') {
    const close = tokens.findIndex((token, k) => k > verb && token.value === ')')
    if (close > verb && close - verb <= 6) verb = close + 1
  }
  const words = tokens.slice(start, end)
  if (words.length === 0 || words.length > 5 || !tokens[verb] || !/^(?:AUX|VERB)$/.test(tokens[verb]!.pos)) return undefined
  // A lone adjective can head the subject only right after "the" ("The median is …").
  if (!nounTags.has(words.at(-1)!.pos) && !(words.length === 1 && start === 1)) return undefined
  if (start === 1 && demonstratives.test(tokens[0]!.value) && genericNouns.has(words.at(-1)!.lemma)) return undefined
  return { term: tokenText(words), verb }
}

const predicateStart = /^(?:an?|the|one|any|some kind of|a kind of|a type of)\s/
const evaluative = /^(?:the\s+)?(?:same|first|last|only|main|best|most|worst|next|key|real|whole|rest|case|problem|result|answer|reason|way|both)\b/i
/** Mostly letters: not an equation or a list of figures. */
const prose = (text: string) => (text.match(/\p{L}/gu)?.length ?? 0) >= text.replace(/\s/g, '').length * 0.7

/** Predicates that say what a thing is by what it consists of, when it occurs or what it states. */
const verbalPredicate = /^(?:(?:occurs?|happens?|arises?) when|(?:is|are) (?:created|formed|produced) when|consists? of|(?:is|are) (?:composed|made up) of|(?:states?|holds?|asserts?|maintains?) that,?)\s+\S.{6,}$/i

/** "X is a Y that…", "X is one in which…", "X refers to Y", "X is defined as Y", "X means Y"; "A positive ion is a cation." */
function subjectDefinition(tokens: Token[]): Definition | undefined {
  const subject = subjectOf(tokens)
  if (!subject) return undefined
  const rest = tokenText(tokens.slice(subject.verb))
  const refers = /^(?:refers? to|is defined as|are defined as|is the term for|are the terms? for|means|denotes|stands for)\s+(.{6,})$/i.exec(rest)
  if (refers) return definition(subject.term, refers[1]!, 'refers')
  // "Begging the question occurs when …", "A sample consists of …", "The law of large numbers states that …".
  const verbal = verbalPredicate.exec(rest)
  if (verbal) return definition(subject.term, rest.replace(/[.!]$/, ''), 'verbal')
  const copula = /^(?:is|are)\s+(.+)$/i.exec(rest)
  if (!copula) return undefined
  const predicate = copula[1]!.replace(/[.!]$/, '')
  const predicateTokens = tokens.slice(subject.verb + 1)
  const words = predicate.split(/\s+/)
  // "The simplest measure is the range, the difference between …": the subject only points at the term.
  if (evaluativeHeads.has(termKey(subject.term).split(' ').at(-1)!)) {
    const named = /^(?:an?|the)\s+([\p{L}-]+(?:\s[\p{L}-]+){0,2}),\s+((?:an?|the)\s.{8,})$/u.exec(predicate)
    return named ? definition(named[1]!, named[2]!, 'copula') : undefined
  }
  // "A positive ion is a cation": a short noun phrase names the term, the subject describes it.
  if (/^(?:an?|the)\s/i.test(predicate) && words.length <= 3 && predicateTokens.slice(1).every(token => phraseTags.has(token.pos) || token.type === 'punctuation')
    && nounTags.has(predicateTokens.filter(token => token.type !== 'punctuation').at(-1)?.pos ?? '') && tokens[0]?.pos === 'DET' && subject.term.split(' ').length >= 2) {
    return definition(words.slice(1).join(' '), subject.term, 'copula')
  }
  const predicateHead = predicateTokens.find(token => nounTags.has(token.pos))
  if (evaluative.test(predicate) || words.length < 3 || (predicateHead && evaluativeHeads.has(predicateHead.lemma))) return undefined
  if (predicateStart.test(predicate)) return definition(subject.term, predicate, 'copula')
  // A bare noun phrase: "Episodic memory is memory for specific personal events".
  const firstNoun = predicateTokens.findIndex(token => nounTags.has(token.pos))
  if (firstNoun >= 0 && firstNoun <= 2 && predicateTokens.slice(0, firstNoun).every(token => token.pos === 'ADJ') && words.length >= 4) {
    return definition(subject.term, predicate, 'copula')
  }
  return undefined
}

/** "An atom that has an electrical charge … is an ion.": a described thing, then the short name it has. */
const describedThenNamed = /^((?:an?|the)\s[\p{L}\s,'’–—-]{3,60}?\s(?:that|which|who|whose|in which|with)\s.{6,160}?)[\s—–](?:is|are)\s(?:an?|the)\s([\p{L}][\p{L}-]*(?:\s[\p{L}][\p{L}-]*){0,2})\.?$/iu

/** Words without which none of the naming patterns can match: most sentences skip them at once. */
const namingCue = /\b(?:called|known|termed|referred|named|described|defined|term|word|name|phrase|expression)\b/i

const termPattern = `(?:an?\\s+|the\\s+)?["“]?([\\p{L}][\\p{L}\\p{N}'’ -]{1,58}?)["”]?`
const namingVerbs = '(?:called|known as|termed|referred to as|named|described as|defined as)'

/** Examples and hedges a sentence adds around what it describes: ", for instance …", "Sometimes, …". */
const trailingExample = /,\s+(?:for instance|for example|such as|e\.g\.|like)\b.*$/i
const leadingHedge = /^(?:sometimes|often|usually|occasionally|at times|in some cases|generally|typically)\b,?\s+/i

/**
 * What the sentence before "This is called X" describes, as the meaning of X: without the examples it gives
 * ("…, for instance pumping sodium ions out …") or a hedge it opens with ("Sometimes …"), which belong to the
 * text, not to what the term means.
 */
function describedBefore(sentence: string): string {
  const core = sentence.replace(trailingExample, '').replace(leadingHedge, '')
  return core.split(/\s+/).length >= 4 ? core : sentence
}

/** "… is called X", "X, also called Y, …", "… a pattern called X.", "the term X for Y", "known as the Great Fear". */
function namingDefinitions(text: string, previous?: Sentence): Definition[] {
  const found: (Definition | undefined)[] = []
  const resolve = (described: string) => (anaphoric.test(described) && previous ? describedBefore(previous.text) : described)
  const naming = new RegExp(`^(.{2,200}?)\\s+(?:is|are|was|were)\\s+(?:(?:also|often|sometimes|usually|therefore|thus|commonly|generally|simply|now)\\s+)*${namingVerbs}\\s+${termPattern}\\s*(?:[,.;:(]|$)`, 'iu').exec(text)
  if (naming) found.push(definition(naming[2]!, resolve(clean(naming[1]!)), 'called'))
  const also = new RegExp(`^${termPattern},\\s+(?:also|sometimes|often)\\s+(?:called|known as|termed)\\s+${termPattern},\\s+(.{8,})$`, 'iu').exec(text)
  if (also) found.push(definition(also[1]!, also[3]!, 'called'), definition(also[2]!, also[3]!, 'called'))
  const inner = new RegExp(`^(.{5,160}?),\\s+(?:called|known as|termed)\\s+${termPattern}\\s*[,:;.]`, 'iu').exec(text)
  if (!naming && !also && inner) found.push(definition(inner[2]!, resolve(clean(inner[1]!)), 'called'))
  const trailing = new RegExp(`^(.{10,200}?)\\s(?:called|known as|termed)\\s+${termPattern}\\s*(?:\\((?:or|also|also called|also known as)\\s[^)]{2,40}\\))?\\s*[.;]?$`, 'iu').exec(text)
  if (!naming && !inner && trailing) {
    const described = clean(trailing[1]!).replace(/,\s+(?:an?|the)\s+[\p{L} -]{0,40}$/u, '')
    // "… result in the formation of a bond of attraction called an ionic bond": the thing named is the phrase just before "called".
    const phrase = /^(?:.*\s)?((?:an?|the)\s[^,;]{3,80})$/i.exec(described)
    const verbBefore = phrase && /\b(?:is|are|was|were|results?|forms?|creates?|produces?|makes?|leads?|gives?|becomes?)\b/i.test(described.slice(0, described.length - phrase[1]!.length))
    // "… called the acromion or acromial process": two names of one thing.
    for (const name of trailing[2]!.split(/\s+or\s+/)) found.push(definition(name, verbBefore ? phrase[1]! : described, 'called'))
  }
  const theTerm = /\bthe (?:term|word|name|phrase|expression)\s+["“]?([\p{L}][\p{L}\p{N}'’ -]{1,40}?)["”]?\s+(?:\([^)]*\)\s+)?(?:for|to mean|to describe|to refer to)\s+(.{8,})$/iu.exec(text)
  if (theTerm) found.push(definition(theTerm[1]!, theTerm[2]!, 'refers'))
  const termDefined = /\bthe (?:term|word)\s+([\p{L}][\p{L}\p{N}'’ -]{1,40}?),\s+(?:defined as|meaning|which means)\s+(.{8,})$/iu.exec(text)
  if (termDefined) found.push(definition(termDefined[1]!, termDefined[2]!, 'refers'))
  // A name runs up to a lower-case word, but not into "v." or "vs.": "Kelo v. City of New London" is one name.
  const knownAsName = /\b(?:known as|called)\s+(?:the\s+)?((?:\p{Lu}[\p{L}'’-]*\s?){1,4})(?=\s+(?!vs?\.)\p{Ll}|[,.;]|$)/u.exec(text)
  if (!naming && !inner && !trailing && knownAsName) {
    const before = text.slice(0, knownAsName.index).split(/,\s*/).at(-1) ?? ''
    found.push(definition(knownAsName[1]!, before, 'called'))
  }
  return found.filter((entry): entry is Definition => entry !== undefined)
}

/** A noun phrase (up to four words) ending just before `index` in the token list. */
function phraseBefore(tokens: Token[], index: number): Token[] {
  let start = index
  while (start > 0 && index - start < 4 && phraseTags.has(tokens[start - 1]!.pos)) start--
  // "circle of Willis", "separation of powers": a noun, "of", a bare noun phrase.
  if (start > 1 && start < index && tokens[start - 1]!.lemma === 'of' && nounTags.has(tokens[start - 2]!.pos) && index - start <= 2) {
    start -= 2
    while (start > 0 && index - start < 5 && phraseTags.has(tokens[start - 1]!.pos)) start--
  }
  while (start < index && genericAdjectives.has(tokens[start]!.lemma)) start++
  const phrase = tokens.slice(start, index)
  return phrase.length > 0 && nounTags.has(phrase.at(-1)!.pos) && !evaluativeHeads.has(phrase.at(-1)!.lemma) ? phrase : []
}

/** "…, tastes and expectations": more items follow, so the commas separate a list, not an apposition. */
function listContinues(tokens: Token[]): boolean {
  for (const token of tokens.slice(0, 6)) {
    if (token.pos === 'VERB' || token.pos === 'AUX') return false
    if (token.pos === 'CCONJ') return true
  }
  return false
}

/**
 * Appositives: "X, a Y that …," wherever X stands ("…drag them into cell theory, the principle that…"),
 * "…, the Y, is/are Z" ("Its square, the variance, is the average…") and "X, which refers to Y".
 */
function appositiveDefinitions(tokens: Token[]): Definition[] {
  const found: (Definition | undefined)[] = []
  tokens.forEach((token, i) => {
    if (token.value !== ',') return
    const after = tokens.slice(i + 1)
    const close = after.findIndex(next => next.value === ',' || next.value === ';' || next.value === ':')
    const apposition = close >= 0 ? after.slice(0, close) : after.filter(next => next.type !== 'punctuation' || next.value === '-')
    const phrase = phraseBefore(tokens, i)
    // "…, which is a …" defines; "…, which is why …" or "which is not …" goes on with the sentence.
    const which = /^which\s+(?:refers? to|means|is defined as|is(?=\s+(?:an?|the|one)\s))\s+(.{8,})$/i.exec(tokenText(after))
    if (phrase.length > 0 && which) {
      found.push(definition(tokenText(phrase), which[1]!.replace(/[.!]$/, ''), 'appositive'))
      return
    }
    const opening = apposition[0]
    if (!opening || opening.pos !== 'DET' || !/^(?:an?|the)$/i.test(opening.value) || apposition.length < 2) return
    const appositionText = tokenText(apposition)
    const followedBy = close >= 0 ? after[close + 1] : undefined
    // "the variance, is the average …": the apposition is the term, what follows defines it.
    const copulaAfter = followedBy && /^(?:is|are)$/i.test(followedBy.value) && apposition.length <= 4
      && apposition.slice(1).every(next => phraseTags.has(next.pos))
    if (copulaAfter) {
      const predicate = tokenText(after.slice(close + 2)).replace(/[.!]$/, '')
      if (predicateStart.test(predicate) && !evaluative.test(predicate)) found.push(definition(tokenText(apposition.slice(1)), predicate, 'appositive'))
      return
    }
    if (phrase.length === 0 || apposition.length < 3 || apposition.length > 30) return
    const head = apposition.find(next => nounTags.has(next.pos))
    if (!head || evaluativeHeads.has(head.lemma) || /\b(?:called|known as|termed)\b/i.test(appositionText)) return
    // Before any "that/which/who", an apposition has no verb and no "and": otherwise it is a new clause or a list.
    const relative = apposition.findIndex(next => /^(?:that|which|who|whose|where|whereby)$/i.test(next.value))
    const core = relative >= 0 ? apposition.slice(0, relative) : apposition
    // "the widening of the blood vessels": a verb's -ing form after the article is a noun.
    const gerund = (k: number) => k === 1 && /ing$/i.test(core[k]!.value) && core[k + 1]?.lemma === 'of'
    if (core.some((next, k) => (next.pos === 'VERB' && !gerund(k)) || next.pos === 'AUX' || next.pos === 'CCONJ')) return
    if (close >= 0 && listContinues(after.slice(close + 1))) return
    found.push(definition(tokenText(phrase), appositionText, 'appositive'))
  })
  return found.filter((entry): entry is Definition => entry !== undefined)
}

/** The label of a review question or its answer ("Question: …", "Answer: …"), which is no part of a meaning. */
const exerciseLabel = /^(?:question|answer)\s*\d*\s*[:.]\s+/i

/** The ways textbooks define terms, found in one sentence (the previous one resolves "This is called X"). */
export function definitionsIn(sentence: Sentence, previous?: Sentence): Definition[] {
  const text = sentence.text.replace(asides, ',').replace(exerciseLabel, '')
  const found: Definition[] = namingCue.test(text) ? namingDefinitions(text, previous) : []
  // Cheap tests first: most sentences end otherwise, and the pattern's search is not free.
  const named = /(?:is|are)\s(?:an?|the)\s[\p{L}\s-]{2,40}\.?$/iu.test(text) && /^(?:an?|the)\s/i.test(text) ? describedThenNamed.exec(text) : null
  if (named && !evaluativeHeads.has(termKey(named[2]!).split(' ').at(-1)!)) {
    const entry = definition(named[2]!, named[1]!, 'copula')
    if (entry) found.push(entry)
  }
  for (const clause of clauses(sentence)) {
    const subject = subjectDefinition(withoutSetting(stripAsides(clause)))
    if (subject) found.push(subject)
  }
  if (text.includes(',')) found.push(...appositiveDefinitions(sentence.tokens))
  const seen = new Set<string>()
  return found.filter(entry => entry.key.length > 1 && !seen.has(entry.key) && seen.add(entry.key))
}

/** A clause's opening setting, "In chemistry, …", "In statistics, …", which leaves the defining clause after it. */
function withoutSetting(tokens: Token[]): Token[] {
  if (!/^(?:in|within|among)$/i.test(tokens[0]?.value ?? '')) return tokens
  const comma = tokens.findIndex(token => token.value === ',')
  if (comma < 2 || comma > 5 || tokens.slice(1, comma).some(token => !phraseTags.has(token.pos) && token.pos !== 'DET')) return tokens
  return tokens.slice(comma + 1)
}

/** Drops ", by contrast," and the like from a clause's tokens. */
function stripAsides(tokens: Token[]): Token[] {
  const kept: Token[] = []
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i]!.value === ',') {
      const close = tokens.findIndex((token, k) => k > i && token.value === ',')
      if (close > i && close - i <= 4 && isAside.test(tokenText(tokens.slice(i + 1, close)))) {
        i = close
        continue
      }
    }
    kept.push(tokens[i]!)
  }
  return kept
}
