import { escapeMarkdown } from '../escape'
import { AtomizeInputError, type Block } from '../model'
import { analyze, emptyAnalysis } from '../nlp/analyze'
import { unitOf, type Unit } from '../segment/units'
import type { PipelineRun, StageProgress } from './state'

/** Sentences, tokens and entities of every block (wink-nlp); code is not prose and is left unanalysed. */
export async function analyseBlocks(run: PipelineRun, progress: StageProgress) {
  for (const [index, extracted] of run.blocks.entries()) {
    const units: Unit[] = []
    const blocks = extracted.flatMap(splitOversized)
    for (const [i, block] of blocks.entries()) {
      if (i % 25 === 0) await progress((index + i / blocks.length) / run.blocks.length)
      units.push(unitOf(block, block.kind === 'code' ? emptyAnalysis() : analyze(block.text)))
    }
    run.units.push(units)
  }
  if (run.units.every(units => units.every(unit => unit.words === 0))) throw new AtomizeInputError('The document has no readable text.')
}

/** Text longer than this in one block (a file that is one enormous line) is analysed a piece at a time. */
const maxBlockChars = 20_000

/** Cuts an enormous paragraph at whitespace into paragraphs of at most `maxBlockChars`. */
function splitOversized(block: Block): Block[] {
  if (block.text.length <= maxBlockChars || block.kind !== 'paragraph') return [block]
  const pieces: Block[] = []
  for (let from = 0; from < block.text.length;) {
    let to = Math.min(block.text.length, from + maxBlockChars)
    if (to < block.text.length) {
      const space = block.text.lastIndexOf(' ', to)
      if (space > from) to = space
    }
    const text = block.text.slice(from, to).trim()
    if (text) pieces.push({ ...block, text, markdown: escapeMarkdown(text), emphasis: [], glossary: [], start: block.start + from, end: block.start + to })
    from = to
  }
  return pieces
}
