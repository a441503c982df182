import type { DefinitionCandidate, DefinitionKind } from '../../atomizer/nlp/definitions'

/** Bumped whenever the features change: a model trained on other features is refused, not misread. */
export const definitionFeatureVersion = 2

const kinds: DefinitionKind[] = ['copula', 'refers', 'called', 'appositive', 'verbal']
const determiner = /^(?:an?|the|one|any)\s/i
const relative = /\b(?:that|which|who|whose|whom|where|in which|by which)\b/i
const pronounStart = /^(?:it|this|that|these|those|they|he|she|we|you|there|here)\b/i
const comparison = /\b(?:more|less|than|like|unlike|such as|for example|for instance|e\.g\.)\b/i
const personal = /\b(?:we|our|us|you|your|i|my)\b/i
/** A sentence's opening words, not a noun phrase: "To view…", "Because this…", "Also, …", "Usually, we…". */
const clauseStart = /^(?:to|because|for|also|although|though|when|whenever|if|as|since|while|usually|often|in|on|at|by|with|after|before|however|thus|so|then|now|here|there|but|and|or|each|any|all|another|some|many|most|such)\b/i
const capitalStart = /^\p{Lu}/u
const judging = /\b(?:important|useful|interesting|good|bad|best|worst|easy|hard|difficult|simple|main|major|key|common|typical|usual)\b/i

const wordCount = (text: string) => text.split(/\s+/).filter(Boolean).length
const squash = (value: number, scale: number) => Math.log1p(value) / Math.log1p(scale)

/** The numbers the definitions model reads for one candidate, all about 0 to 1. */
export function definitionFeatures(candidate: DefinitionCandidate): number[] {
  const { definition, stats } = candidate
  const termWords = wordCount(definition.term)
  const meaningWords = wordCount(definition.meaning)
  const sentenceWords = Math.max(1, wordCount(candidate.sentence))
  const sentenceIndex = definition.sentence ?? 0
  const count = stats?.count ?? 1
  const usage = stats?.usage
  return [
    ...kinds.map(kind => (definition.kind === kind ? 1 : 0)),
    Math.min(1, termWords / 5),
    squash(meaningWords, 60),
    meaningWords < 4 ? 1 : 0,
    meaningWords > 35 ? 1 : 0,
    Math.min(1, meaningWords / sentenceWords),
    squash(sentenceWords, 80),
    determiner.test(definition.meaning) ? 1 : 0,
    relative.test(definition.meaning) ? 1 : 0,
    pronounStart.test(definition.meaning) ? 1 : 0,
    personal.test(definition.meaning) ? 1 : 0,
    clauseStart.test(definition.meaning) ? 1 : 0,
    capitalStart.test(definition.meaning) && !determiner.test(definition.meaning) ? 1 : 0,
    definition.kind === 'called' && meaningWords > 25 ? 1 : 0,
    /[:;]/.test(definition.meaning) ? 1 : 0,
    comparison.test(definition.meaning) ? 1 : 0,
    judging.test(definition.meaning) ? 1 : 0,
    /\d/.test(definition.meaning) ? 1 : 0,
    Math.min(1, (definition.meaning.match(/,/g)?.length ?? 0) / 4),
    /[()]/.test(definition.meaning) ? 1 : 0,
    definition.meaning.toLowerCase().includes(definition.key) ? 1 : 0,
    /^\p{Lu}/u.test(definition.term) && sentenceIndex > 0 && !candidate.sentence.startsWith(definition.term) ? 1 : 0,
    candidate.sentence.toLowerCase().indexOf(definition.term.toLowerCase()) <= 4 ? 1 : 0,
    sentenceIndex === 0 ? 1 : 0,
    Math.min(1, sentenceIndex / Math.max(1, candidate.sentenceCount - 1)),
    candidate.rank === 0 ? 1 : 0,
    squash(candidate.rivals, 10),
    squash(count, 60),
    stats?.inHeading ? 1 : 0,
    usage && usage.wholeHeadings > 0 ? 1 : 0,
    stats?.emphasized ? 1 : 0,
    usage ? Math.min(1, usage.capitalized / Math.max(1, count)) : 0,
    usage ? Math.min(1, usage.parenthesized / Math.max(1, count)) : 0,
    stats ? Math.min(1, stats.atoms.size / 10) : 0,
    stats?.firstPosition ?? 1,
    candidate.keyTermScore ?? 0,
    candidate.keyTermScore === undefined ? 0 : 1,
    candidate.emphasised ? 1 : 0,
  ]
}

export const definitionFeatureSize = definitionFeatures({
  definition: { term: 'x', key: 'x', meaning: 'y', kind: 'copula' }, sentence: 'x', sentenceCount: 1, rank: 0, rivals: 1,
}).length
