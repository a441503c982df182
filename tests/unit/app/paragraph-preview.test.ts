import { describe, expect, it } from 'vitest'
import { splitPreviews } from '../../../app/utils/paragraph-preview'

const body = [
  '# The city', 'First paragraph.', '**Figure 1.** A `map` of [Rome](https://example.org/rome).',
  '```\nfenced\n\nstill code\n```', '- one\n- *two*', '## Next part', 'End.',
].join('\n\n')

const shown = (preview: { runs: { text: string }[] }) => preview.runs.map(run => run.text).join('')

describe('the paragraphs an author may split before', () => {
  it('starts each at a paragraph boundary outside code and reads as rendered text, not Markdown', () => {
    const previews = splitPreviews(body)
    expect(previews.map(preview => body.slice(preview.offset, preview.offset + 5))).toEqual(['First', '**Fig', '```\nf', '- one', '## Ne', 'End.'])
    expect(previews.map(shown)).toEqual(['First paragraph.', 'Figure 1. A map of Rome.', 'fenced\n\nstill code'.replace(/\s+/g, ' '), 'one · two', 'Next part', 'End.'])
    expect(previews[1]!.runs).toEqual([
      { text: 'Figure 1.', style: 'strong' }, { text: ' A ', style: 'plain' }, { text: 'map', style: 'code' },
      { text: ' of ', style: 'plain' }, { text: 'Rome', style: 'plain' }, { text: '.', style: 'plain' },
    ])
    expect(previews.map(preview => preview.kind)).toEqual([undefined, undefined, 'Code', 'List', 'Heading', undefined])
  })

  it('shortens a long paragraph with an ellipsis', () => {
    const [long] = splitPreviews(`Intro.\n\n${'word '.repeat(100)}`)
    expect(shown(long!).length).toBeLessThanOrEqual(161)
    expect(shown(long!)).toMatch(/word…$/)
  })
})
