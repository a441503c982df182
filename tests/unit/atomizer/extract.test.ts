import { describe, expect, it } from 'vitest'
import { extract } from '../../../server/atomizer/extract'
import { readHtml } from '../../../server/atomizer/extract/html'
import { readMarkdown } from '../../../server/atomizer/extract/markdown'
import { readText } from '../../../server/atomizer/extract/text'
import { AtomizeInputError } from '../../../server/atomizer/model'

const encode = (text: string) => new TextEncoder().encode(text)

describe('Markdown reader', () => {
  const source = '# Cells\n\nThe **cell** is the unit of *life*.\n\n- **Nucleus**: the control centre of the cell\n- **Ribosome**: makes proteins from amino acids\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```js\nlet x = 1\n```\n\n<script>alert(1)</script>\n'
  const { title, blocks } = readMarkdown(source)

  it('keeps headings, paragraphs, lists, tables and code as blocks with source spans', () => {
    expect(title).toBe('Cells')
    expect(blocks.map(block => block.kind)).toEqual(['heading', 'paragraph', 'list', 'table', 'code'])
    for (const block of blocks) expect(source.slice(block.start, block.end).trim()).toBe(block.markdown)
  })

  it('collects emphasis and glossary entries', () => {
    expect(blocks[1]!.emphasis).toEqual(['cell', 'life'])
    expect(blocks[2]!.glossary).toEqual([
      { term: 'Nucleus', meaning: 'the control centre of the cell' },
      { term: 'Ribosome', meaning: 'makes proteins from amino acids' },
    ])
  })

  it('drops raw HTML', () => {
    expect(blocks.some(block => block.markdown.includes('<script'))).toBe(false)
  })
})

describe('plain-text reader', () => {
  it('recognises standalone short lines and numbered lines as headings, and bullet runs as lists', () => {
    const { blocks } = readText('Chapter 2\n\n2.1 Supply and Demand\n\nPrices rise when demand grows faster than supply.\n\n- first item here\n- second item here\n')
    expect(blocks.map(block => [block.kind, block.depth])).toEqual([['heading', 1], ['heading', 2], ['paragraph', 0], ['list', 0]])
    expect(blocks[3]!.items).toEqual(['first item here', 'second item here'])
  })

  it('puts an unnumbered heading below the numbered section it follows, and the next number back beside it', () => {
    const { blocks } = readText('Chapter 3\n\n3.4 Shifts\n\nDemand shifts when incomes change.\n\nWorked example\n\nCoffee prices rose last year.\n\n3.5 Elasticity\n\nElasticity measures response.')
    expect(blocks.filter(block => block.kind === 'heading').map(block => [block.text, block.depth])).toEqual([
      ['Chapter 3', 1], ['3.4 Shifts', 2], ['Worked example', 3], ['3.5 Elasticity', 2],
    ])
  })

  it('escapes characters Markdown would interpret', () => {
    const { blocks } = readText('Use *stars* and <b>tags</b> literally, please.')
    expect(blocks[0]!.markdown).toBe('Use \\*stars\\* and \\<b\\>tags\\</b\\> literally, please.')
  })
})

describe('HTML reader', () => {
  it('drops scripts, handlers and javascript: URLs, and keeps dfn as emphasis and dl as a glossary', () => {
    const { title, blocks } = readHtml(`<html><head><title>Bonds</title><script>steal()</script></head><body>
      <h1>Chemical bonds</h1><p onclick="x()">A <dfn>covalent bond</dfn> shares electrons. <a href="javascript:alert(1)">click</a></p>
      <dl><dt>Ion</dt><dd>An atom with a net charge.</dd></dl><img src=x onerror="alert(1)"></body></html>`)
    expect(title).toBe('Bonds')
    const markdown = blocks.map(block => block.markdown).join('\n')
    expect(markdown).not.toMatch(/steal|onclick|onerror|javascript:/i)
    expect(blocks.find(block => block.kind === 'paragraph')!.emphasis).toContain('covalent bond')
    expect(blocks.flatMap(block => block.glossary)).toEqual([{ term: 'Ion', meaning: 'An atom with a net charge.' }])
  })

  it('reads absurdly deep nesting as plain words instead of overflowing the stack', () => {
    const { blocks } = readHtml(`<script>x()</script>${'<div>'.repeat(5000)}Deep words stay readable here.${'</div>'.repeat(5000)}`)
    expect(blocks.map(block => block.text)).toEqual(['Deep words stay readable here.'])
  })
})

describe('extract', () => {
  it('rejects text that is not UTF-8, and corrupt binaries, with clear errors', async () => {
    await expect(extract(new Uint8Array([0xFF, 0xFE, 0xC0, 0x80]), 'markdown')).rejects.toThrow(/UTF-8/)
    await expect(extract(encode('%PDF-1.7 garbage'), 'pdf')).rejects.toThrow(/PDF could not be read/)
    await expect(extract(encode('PK\u0003\u0004 not a zip'), 'docx')).rejects.toThrow(AtomizeInputError)
    await expect(extract(encode('PK\u0003\u0004 not a zip'), 'epub')).rejects.toThrow(AtomizeInputError)
  })
})
