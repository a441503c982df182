import { randomBytes } from 'node:crypto'
import { seededRandom } from './random'

/** A made-up word no other test uses: letters only, so every tokenizer keeps it whole. */
export function uniqueWord(prefix = 'zorb'): string {
  const letters = [...randomBytes(8)].map(byte => String.fromCharCode(97 + (byte % 26))).join('')
  return `${prefix}${letters}`
}

// Each section defines its key term, emphasised, as textbooks do.
const topics = [
  ['Light reactions', '**Chlorophyll** is the green pigment in the thylakoid membranes that absorbs sunlight and splits water, releasing oxygen as a by-product.'],
  ['Calvin cycle', '**Rubisco** is the enzyme in the stroma that fixes carbon dioxide into sugars, using the energy carriers made by the light reactions.'],
  ['Cellular respiration', '**Cellular respiration** is the process in which mitochondria break glucose down again, and the energy released is stored in molecules of adenosine triphosphate.'],
  ['Fermentation', '**Fermentation** is the pathway that yeast and muscle cells fall back on without oxygen, which yields far less energy per molecule of glucose.'],
  ['Enzymes', '**Enzymes** are proteins that lower the activation energy of reactions, and each works best at its own temperature and acidity.'],
  ['Membranes', 'The **cell membrane** is a double layer of lipids with proteins that pump ions and let chosen molecules pass through.'],
  ['Genetics', '**Genes** are stretches of DNA that a cell transcribes into messenger RNA and then translates into proteins on the ribosomes.'],
  ['Evolution', '**Natural selection** is the process that favours variants that leave more offspring, so populations change over many generations.'],
]

/** A Markdown chapter of `sections` sections (one atom each with the default bounds); `word` appears in one of them. */
export function markdownChapter(word: string, sections = 6, title = 'Energy in living things'): string {
  const parts = [`# ${title}`]
  for (let i = 0; i < sections; i++) {
    const [heading, sentence] = topics[i % topics.length]!
    parts.push(`## ${heading}${i >= topics.length ? ` ${i}` : ''}`)
    parts.push(`${sentence} ${i === 1 ? `Biologists call the key step ${word}, and the rest of the section explains it.` : 'This part of the chapter explains the idea with a short example.'} Students often find this topic easier once they draw a diagram of each step and label the molecules involved.`)
  }
  return `${parts.join('\n\n')}\n`
}

/** The same material as plain text: heading lines standing alone, paragraphs separated by blank lines. */
export function plainTextChapter(word: string, sections = 4): string {
  const parts: string[] = []
  for (let i = 0; i < sections; i++) {
    const [heading, sentence] = topics[i % topics.length]!
    parts.push(heading!)
    parts.push(`${sentence} ${i === 0 ? `The plain text names ${word} here.` : 'Nothing special is named in this section at all.'} A second sentence gives the reader a little more to go on before the next heading.`)
  }
  return `${parts.join('\n\n')}\n`
}

const bookSubjects = ['The river', 'A glacier', 'The northern forest', 'Every cell', 'The market', 'An old theory', 'The orchestra', 'A careful student',
  'The planet', 'Each enzyme', 'The city council', 'A small village', 'The volcano', 'Our memory', 'The bridge', 'A merchant ship']
const bookVerbs = ['shapes', 'slowly changes', 'depends on', 'protects', 'measures', 'carries', 'explains', 'reflects', 'transforms', 'competes with',
  'feeds', 'records', 'balances', 'follows', 'questions', 'reveals']
const bookObjects = ['the surrounding landscape', 'a hidden pattern of seasons', 'the flow of energy', 'several competing ideas', 'the price of grain',
  'a delicate chemical balance', 'the rhythm of daily life', 'a network of narrow channels', 'the long history of the region',
  'a surprising amount of water', 'the structure of the whole system', 'the early observations of travellers']
const bookTails = ['after a long winter', 'in most textbooks', 'during the warm months', 'when conditions allow it', 'over many generations',
  'according to recent surveys', 'without anyone noticing', 'in a predictable way', 'for reasons still debated', 'at the edge of the map']

/**
 * A long Markdown book of `sections` sections, each `paragraphs` paragraphs of four varied sentences
 * (deterministic for a seed): enough text that atomizing it takes a while, for tests of cancelling and of a
 * busy server. Up to six paragraphs a section stay one atom each with the default bounds.
 */
export function markdownBook(sections = 400, seed = 1, title = 'A long book about many things', paragraphs = 2): string {
  const next = seededRandom(seed)
  const pick = (list: string[]) => list[Math.floor(next() * list.length)]!
  const sentence = () => `${pick(bookSubjects)} ${pick(bookVerbs)} ${pick(bookObjects)} ${pick(bookTails)}.`
  const paragraph = () => Array.from({ length: 4 }, sentence).join(' ')
  const parts = [`# ${title}`]
  for (let i = 0; i < sections; i++) {
    parts.push(`## Part ${i + 1}: ${pick(bookObjects)}`)
    for (let p = 0; p < paragraphs; p++) parts.push(paragraph())
  }
  return `${parts.join('\n\n')}\n`
}

/**
 * A short chapter whose key terms and definitions are known: three headed sections (an atom each) defining
 * "cell membrane", "osmosis" and "active transport", which also use "pumps", "water" and "cells".
 */
export function glossaryChapter(title = 'Cells'): string {
  return `# ${title}

## The membrane

The cell membrane is a thin barrier that surrounds every cell and controls what enters and leaves it. Water crosses the cell membrane by osmosis, and pumps in the membrane move ions from one side to the other.

## Osmosis

Osmosis is the diffusion of water across a membrane from a dilute solution to a concentrated one. Osmosis keeps plant cells firm, and every cell membrane allows osmosis to happen all day long.

## Active transport

Active transport is the movement of a substance against its concentration gradient, which costs energy. Pumps in the cell membrane carry out active transport, and osmosis alone never could do that work.
`
}
