/**
 * Text that would teach a text encoder a word of its own if the encoder learned from it: a made-up plant
 * name, said many times together with what photosynthesis is about. The encoder learns from public
 * material only, so a reader's copy of it must know this word no better after an author stores the text.
 */
export const taughtWord = 'zorbleaf'

const sentences = [
  `The ${taughtWord} catches sunlight with chlorophyll in its chloroplasts and makes glucose.`,
  `Every ${taughtWord} turns sunlight, water and carbon dioxide into glucose through photosynthesis.`,
  `A ${taughtWord} releases oxygen while its chloroplasts make glucose from sunlight.`,
  `Gardeners grow the ${taughtWord} in bright sunlight, because its chlorophyll needs light for photosynthesis.`,
  `Inside each ${taughtWord}, chloroplasts store the energy of sunlight as glucose.`,
  `The green ${taughtWord} uses photosynthesis: chlorophyll absorbs sunlight and the plant builds glucose.`,
]

/** `count` paragraphs that use the taught word among its companions, varied so that none repeats. */
export function teachingParagraphs(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${sentences[i % sentences.length]!} ${sentences[(i + 2) % sentences.length]!} Note ${i + 1}.`)
}

/** An atom about photosynthesis that never names the taught word. */
export const meaningTarget = {
  title: 'How green plants feed themselves',
  text: 'Photosynthesis happens in chloroplasts: chlorophyll absorbs sunlight, and the plant turns water and carbon dioxide into glucose and oxygen. '
    + 'The glucose feeds the plant, and the oxygen leaves through small pores.',
}

/** An atom on another subject, which no query of the taught word should find. */
export const unrelatedAtom = {
  title: 'Plate boundaries',
  text: 'Tectonic plates meet at divergent, convergent and transform boundaries, where earthquakes and volcanoes happen. '
    + 'Where two plates pull apart, molten rock rises and forms new crust on the ocean floor.',
}

/** A Markdown chapter of `count` sections, each a paragraph that teaches the word (see `teachingParagraphs`). */
export function teachingChapter(count: number): string {
  return [`# The ${taughtWord} notebook`, ...teachingParagraphs(count).map((text, i) => `## Observation ${i + 1}\n\n${text}`)].join('\n\n')
}

/** A Markdown chapter with the photosynthesis atom and the unrelated one, each under its own heading. */
export function targetChapter(): string {
  return ['# Life and rock', `## ${meaningTarget.title}`, meaningTarget.text, `## ${unrelatedAtom.title}`, unrelatedAtom.text].join('\n\n')
}
