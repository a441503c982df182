import { randomBytes } from 'node:crypto'

/** A made-up word no other test uses: letters only, so every tokenizer keeps it whole. */
export function uniqueWord(prefix = 'zorb'): string {
  const letters = [...randomBytes(8)].map(byte => String.fromCharCode(97 + (byte % 26))).join('')
  return `${prefix}${letters}`
}

const topics = [
  ['Light reactions', 'Chlorophyll in the thylakoid membranes absorbs sunlight and splits water, releasing oxygen as a by-product.'],
  ['Calvin cycle', 'In the stroma, the enzyme rubisco fixes carbon dioxide into sugars, using the energy carriers made by the light reactions.'],
  ['Cellular respiration', 'Mitochondria break glucose down again, and the energy released is stored in molecules of adenosine triphosphate.'],
  ['Fermentation', 'Without oxygen, yeast and muscle cells fall back on fermentation, which yields far less energy per molecule of glucose.'],
  ['Enzymes', 'Enzymes are proteins that lower the activation energy of reactions, and each works best at its own temperature and acidity.'],
  ['Membranes', 'The cell membrane is a double layer of lipids with proteins that pump ions and let chosen molecules pass through.'],
  ['Genetics', 'Genes are stretches of DNA that a cell transcribes into messenger RNA and then translates into proteins on the ribosomes.'],
  ['Evolution', 'Natural selection favours variants that leave more offspring, so populations change over many generations.'],
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
