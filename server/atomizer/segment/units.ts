import { escapeMarkdown } from '../escape'
import type { Block } from '../model'
import { tokenText, type Analysis } from '../nlp/analyze'
import { countWords } from '../words'

/** A block with its language analysis: what segmentation arranges into atoms. */
export interface Unit {
  block: Block
  analysis: Analysis
  words: number
}

export function unitOf(block: Block, analysis: Analysis): Unit {
  const words = block.kind === 'code' ? countWords(block.markdown) : analysis.wordCount
  return { block, analysis, words }
}

/**
 * Splits a paragraph longer than `maxWords` at sentence boundaries (and a sentence longer than that at
 * word boundaries), so no atom has to exceed the bound. Other kinds of block stay whole.
 */
export function splitLongUnit(unit: Unit, maxWords: number): Unit[] {
  if (unit.words <= maxWords || unit.block.kind !== 'paragraph') return [unit]
  const pieces: Unit[] = []
  for (const sentence of unit.analysis.sentences) {
    const words = sentence.tokens.filter(token => token.type === 'word' || token.type === 'number').length
    const chunks = words <= maxWords ? [sentence] : chunkSentence(sentence, maxWords)
    for (const chunk of chunks) {
      const chunkWords = chunk.tokens.filter(token => token.type === 'word' || token.type === 'number').length
      pieces.push({
        block: { ...unit.block, text: chunk.text, markdown: escapeMarkdown(chunk.text),
          emphasis: unit.block.emphasis.filter(phrase => chunk.text.includes(phrase)), glossary: [] },
        analysis: { sentences: [chunk], entities: unit.analysis.entities.filter(entity => chunk.text.includes(entity.value)), wordCount: chunkWords },
        words: chunkWords,
      })
    }
  }
  return pieces
}

function chunkSentence(sentence: Analysis['sentences'][number], maxWords: number) {
  const chunks: Analysis['sentences'] = []
  for (let start = 0; start < sentence.tokens.length; start += maxWords) {
    const tokens = sentence.tokens.slice(start, start + maxWords)
    chunks.push({ tokens, text: tokenText(tokens) })
  }
  return chunks
}
