import { beforeAll, describe, expect, it } from 'vitest'
import { atomizeOne, evaluate, loadCorpus, percent, pooled, type DocumentQuality } from '../../support/quality'

/**
 * Quality against the hand-labelled corpus (tests/fixtures/corpus). The floors sit a little under the
 * figures the engine reaches, so a regression breaks the test. Sixteen documents (key terms R 70.6 %, topic
 * boundaries R 58.1 % over five unheaded texts); on the first twelve the floors were 72 % and 70 %.
 * Key terms and definitions are measured twice: as the worker chooses key terms (the key-term model, which
 * learned from textbooks that mark a handful of key terms per thousand words: key terms P 93.1 % R 44.1 %
 * against the corpus's 17 to 25 labels per document, definitions P 93.5 % R 46.3 %) and with the rules
 * alone, the fallback (key terms P 55.6 % R 70.6 %, definitions P 87.0 % R 59.7 %).
 */
const floors = {
  keyTerms: { precision: 0.88, recall: 0.40 },
  definitions: { precision: 0.88, recall: 0.42 },
  rules: { keyTerms: { precision: 0.52, recall: 0.68 }, definitions: { precision: 0.82, recall: 0.55 } },
  sections: { precision: 0.95, recall: 0.95 },
  boundaries: { recall: 0.55 },
}

describe('atomization quality on the labelled corpus', () => {
  const results: DocumentQuality[] = []
  const rules: DocumentQuality[] = []

  beforeAll(async () => {
    for (const doc of loadCorpus()) {
      results.push(evaluate(doc, await atomizeOne(doc)))
      rules.push(evaluate(doc, await atomizeOne(doc, { rules: true })))
    }
    const row = (q: DocumentQuality) => `${q.name.padEnd(28)} ${q.format.padEnd(9)} terms P ${percent(q.keyTerms.precision).padStart(6)} R ${percent(q.keyTerms.recall).padStart(6)}`
      + `  defs P ${percent(q.definitions.precision).padStart(6)} R ${percent(q.definitions.recall).padStart(6)}`
      + `  sections R ${percent(q.sections.recall).padStart(6)}${q.boundaries ? `  boundaries R ${percent(q.boundaries.recall)}` : ''}`
    console.info(['', ...results.map(row)].join('\n'))
  }, 120_000)

  it('covers at least ten documents in all six formats', () => {
    expect(results.length).toBeGreaterThanOrEqual(10)
    expect(new Set(results.map(q => q.format))).toEqual(new Set(['markdown', 'html', 'text', 'pdf', 'docx', 'epub']))
  })

  it('finds key terms, with the model and with the rules alone', () => {
    const all = pooled(results.map(q => q.keyTerms))
    const byRules = pooled(rules.map(q => q.keyTerms))
    console.info(`key terms: model P ${percent(all.precision)} R ${percent(all.recall)} F1 ${percent(all.f1)}; rules P ${percent(byRules.precision)} R ${percent(byRules.recall)} F1 ${percent(byRules.f1)}`)
    expect(all.precision).toBeGreaterThanOrEqual(floors.keyTerms.precision)
    expect(all.recall).toBeGreaterThanOrEqual(floors.keyTerms.recall)
    expect(byRules.precision).toBeGreaterThanOrEqual(floors.rules.keyTerms.precision)
    expect(byRules.recall).toBeGreaterThanOrEqual(floors.rules.keyTerms.recall)
  })

  it('finds definitions, with the model and with the rules alone', () => {
    const all = pooled(results.map(q => q.definitions))
    const byRules = pooled(rules.map(q => q.definitions))
    console.info(`definitions: model P ${percent(all.precision)} R ${percent(all.recall)} F1 ${percent(all.f1)}; rules P ${percent(byRules.precision)} R ${percent(byRules.recall)} F1 ${percent(byRules.f1)}`)
    expect(all.precision).toBeGreaterThanOrEqual(floors.definitions.precision)
    expect(all.recall).toBeGreaterThanOrEqual(floors.definitions.recall)
    expect(byRules.precision).toBeGreaterThanOrEqual(floors.rules.definitions.precision)
    expect(byRules.recall).toBeGreaterThanOrEqual(floors.rules.definitions.recall)
  })

  it('recovers the section structure, also from PDF font sizes and plain-text headings', () => {
    const all = pooled(results.filter(q => q.sections.gold > 0).map(q => q.sections))
    console.info(`sections: P ${percent(all.precision)} R ${percent(all.recall)}`)
    expect(all.precision).toBeGreaterThanOrEqual(floors.sections.precision)
    expect(all.recall).toBeGreaterThanOrEqual(floors.sections.recall)
  })

  it('splits unheaded text where the topic shifts', () => {
    const all = pooled(results.flatMap(q => q.boundaries ?? []))
    console.info(`topic boundaries: P ${percent(all.precision)} R ${percent(all.recall)}`)
    expect(all.gold).toBeGreaterThan(0)
    expect(all.recall).toBeGreaterThanOrEqual(floors.boundaries.recall)
  })
})
