import { titleFromFilename } from '../../../shared/utils/formats'
import { extract } from '../extract'
import { AtomizeInputError } from '../model'
import type { PipelineRun, StageProgress } from './state'

const defaultMaxTextChars = 20_000_000

/** Every source's blocks and title; refuses a collection with more text than `maxTextChars`. */
export async function extractSources(run: PipelineRun, progress: StageProgress) {
  const { sources, options } = run
  let textChars = 0
  const maxTextChars = options.maxTextChars ?? defaultMaxTextChars
  const tooMuchText = () => new AtomizeInputError(`The document has more text than the limit of ${maxTextChars} characters.`)
  for (const [index, source] of sources.entries()) {
    await progress(index / sources.length)
    // Plain text is its own text: refuse an oversized one before extracting, which would hold the event
    // loop for seconds (the server's in-process worker shares it with every request).
    if (source.format === 'text' && source.data.byteLength > maxTextChars - textChars
      && textChars + new TextDecoder().decode(source.data).length > maxTextChars) throw tooMuchText()
    const extracted = await extract(source.data, source.format, {
      onPage: fraction => progress((index + fraction) / sources.length),
    })
    textChars += extracted.blocks.reduce((sum, block) => sum + block.text.length, 0)
    if (textChars > maxTextChars) throw tooMuchText()
    run.titles.push(source.title ?? extracted.title ?? titleFromFilename(source.key))
    run.blocks.push(extracted.blocks)
  }
}
