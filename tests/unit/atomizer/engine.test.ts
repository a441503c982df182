import { describe, expect, it } from 'vitest'
import { atomizeCollection, AtomizeInputError, renderMarkdown, type EngineAtom, type EngineOptions } from '../../../server/atomizer'
import type { SourceFormat } from '../../../server/atomizer/model'

const encode = (text: string) => new TextEncoder().encode(text)

async function atomizeOne(text: string, format: SourceFormat = 'markdown', options: Partial<EngineOptions> = {}, previous?: { id: string, body: string }[]) {
  const [document] = await atomizeCollection(
    [{ key: 'doc-1', title: 'Doc title', format, data: encode(text), previous }],
    { minWords: 5, maxWords: 120, ...options },
  )
  return document!.atoms
}

/** `count` words as ten-word sentences, each capitalised so sentence boundaries are clear. */
function sentences(count: number, tag: string): string {
  const out: string[] = []
  for (let i = 0; i < count / 10; i++) out.push(`${tag} sentence number ${i} has exactly ten words in it.`)
  return out.join(' ')
}

const trails = (atoms: EngineAtom[]) => atoms.map(atom => atom.headingTrail)

describe('heading trails', () => {
  const source = [
    'An opening paragraph before any heading, with some words in it to count.',
    '# Biology',
    'Life science in general is the study of living things and how they work.',
    '## Cells',
    'Cells are the units of life. Every organism is made of cells.',
    '### Organelles',
    'Mitochondria make energy for the cell through respiration.',
    '## Genetics',
    'DNA carries genetic information from parents to offspring.',
    '# Chemistry',
    'Atoms bond to form molecules in many different ways.',
  ].join('\n\n')

  it('gives every atom the trail of headings above it, and titles it by its heading', async () => {
    const atoms = await atomizeOne(source)
    expect(trails(atoms)).toEqual([
      [],
      ['Biology'],
      ['Biology', 'Cells'],
      ['Biology', 'Cells', 'Organelles'],
      ['Biology', 'Genetics'],
      ['Chemistry'],
    ])
    expect(atoms.slice(1).map(atom => atom.title)).toEqual(['Biology', 'Cells', 'Organelles', 'Genetics', 'Chemistry'])
    expect(atoms.map(atom => atom.order)).toEqual([0, 1, 2, 3, 4, 5])
  })

  it('keeps each body as written, without its heading, with offsets into the source', async () => {
    const atoms = await atomizeOne(source)
    expect(atoms[2]!.body).toBe('Cells are the units of life. Every organism is made of cells.')
    for (const atom of atoms) {
      expect(atom.body).not.toMatch(/^#/m)
      expect(source.slice(atom.source.start, atom.source.end)).toBe(atom.body)
    }
  })

  it('treats headings of the same level as siblings, whatever level the document starts at', async () => {
    const atoms = await atomizeOne([
      '## Photosynthesis', sentences(20, 'Light'),
      '## Respiration', sentences(20, 'Energy'),
      '### Glycolysis', sentences(20, 'Sugar'),
      '## Fermentation', sentences(20, 'Yeast'),
    ].join('\n\n'))
    expect(trails(atoms)).toEqual([['Photosynthesis'], ['Respiration'], ['Respiration', 'Glycolysis'], ['Fermentation']])
  })

  it('handles skipped levels and going back up', async () => {
    const atoms = await atomizeOne(['# A', sentences(10, 'Alpha'), '### C', sentences(10, 'Gamma'), '## B', sentences(10, 'Beta'), '#### D', sentences(10, 'Delta')].join('\n\n'))
    expect(trails(atoms)).toEqual([['A'], ['A', 'C'], ['A', 'B'], ['A', 'B', 'D']])
  })

  it('lets headings without content only extend the trail', async () => {
    const atoms = await atomizeOne(`# Part one\n\n## Chapter 1\n\n### Section 1.1\n\n${sentences(20, 'Finally')}`)
    expect(atoms).toHaveLength(1)
    expect(atoms[0]).toMatchObject({ title: 'Section 1.1', headingTrail: ['Part one', 'Chapter 1', 'Section 1.1'] })
  })

  it('uses the plain text of a heading with inline formatting', async () => {
    const atoms = await atomizeOne(`## The *cell* \`membrane\` and [links](https://example.com)\n\n${sentences(20, 'Membranes')}`)
    expect(atoms[0]!.headingTrail).toEqual(['The cell membrane and links'])
  })

  it('refuses a document with nothing readable in it, and makes no atoms of headings alone', async () => {
    await expect(atomizeOne('<div>raw html only</div>\n\n[ref]: https://example.com\n\n---')).rejects.toBeInstanceOf(AtomizeInputError)
    await expect(atomizeOne(' \n\n \n')).rejects.toBeInstanceOf(AtomizeInputError)
    // The job turns this into a failed document (tests/unit/jobs/atomize.test.ts).
    expect(await atomizeOne('# Only a heading\n\n## And another')).toEqual([])
  })

  it('refuses text that is not UTF-8 with a clear error', async () => {
    const run = atomizeCollection([{ key: 'k', format: 'text', data: new Uint8Array([0x41, 0xFF, 0xFE]) }], { minWords: 5, maxWords: 100 })
    await expect(run).rejects.toBeInstanceOf(AtomizeInputError)
    await expect(run).rejects.toThrow(/UTF-8/)
  })
})

describe('splitting long sections', () => {
  it('keeps a section within maxWords whole', async () => {
    const atoms = await atomizeOne(`# Short\n\n${sentences(40, 'Alpha')}\n\n${sentences(40, 'Beta')}`, 'markdown', { maxWords: 100 })
    expect(atoms).toHaveLength(1)
    expect(atoms[0]!.wordCount).toBe(80)
  })

  it('splits a long section between paragraphs, no atom over maxWords, every paragraph once and in order', async () => {
    const paragraphs = ['Alpha', 'Beta', 'Gamma', 'Delta', 'Epsilon', 'Zeta', 'Eta', 'Theta'].map(tag => sentences(40, tag))
    const atoms = await atomizeOne(`# Long section\n\n${paragraphs.join('\n\n')}`, 'markdown', { minWords: 20, maxWords: 100 })
    expect(atoms.length).toBeGreaterThanOrEqual(4)
    for (const atom of atoms) {
      expect(atom.wordCount).toBeLessThanOrEqual(100)
      expect(atom.headingTrail).toEqual(['Long section'])
    }
    expect(atoms.flatMap(atom => atom.body.split('\n\n'))).toEqual(paragraphs)
    expect(atoms.reduce((sum, atom) => sum + atom.wordCount, 0)).toBe(320)
  })

  it('splits one over-long paragraph between sentences', async () => {
    const paragraph = sentences(300, 'Omega')
    const atoms = await atomizeOne(`# One paragraph\n\n${paragraph}`, 'markdown', { minWords: 10, maxWords: 45 })
    expect(atoms.length).toBeGreaterThanOrEqual(7)
    for (const atom of atoms) {
      expect(atom.wordCount).toBeLessThanOrEqual(45)
      expect(atom.text).toMatch(/^Omega sentence number \d+/)
      expect(atom.text).toMatch(/in it\.$/)
    }
    expect(atoms.reduce((sum, atom) => sum + atom.wordCount, 0)).toBe(300)
    expect(atoms.map(atom => atom.text.replace(/\s+/g, ' ')).join(' ')).toBe(paragraph)
  })

  it('splits even a single sentence longer than maxWords, at word boundaries', async () => {
    const words = Array.from({ length: 90 }, (_, i) => `word${i}`)
    const atoms = await atomizeOne(`# Run-on\n\n${words.join(' ')}.`, 'markdown', { minWords: 5, maxWords: 40 })
    expect(atoms.length).toBeGreaterThanOrEqual(3)
    for (const atom of atoms) expect(atom.wordCount).toBeLessThanOrEqual(40)
    expect(atoms.flatMap(atom => atom.text.match(/word\d+/g) ?? [])).toEqual(words)
  })

  it('merges a fragment below minWords into a neighbour of its section', async () => {
    const atoms = await atomizeOne(`# Topic\n\n${sentences(60, 'Main')}\n\n## Detail\n\nTiny bit.`, 'markdown', { minWords: 20, maxWords: 200 })
    expect(atoms).toHaveLength(1)
    expect(atoms[0]!.body).toContain('Tiny bit.')
  })
})

describe('plain text', () => {
  it('reads a short line standing alone before a paragraph as a heading', async () => {
    const atoms = await atomizeOne(
      `Introduction\n\n${sentences(20, 'Basics')}\n\nKey ideas\n\n${sentences(20, 'Ideas')}`,
      'text',
    )
    expect(trails(atoms)).toEqual([['Introduction'], ['Key ideas']])
    expect(atoms.map(atom => atom.title)).toEqual(['Introduction', 'Key ideas'])
  })

  it('does not make headings of sentences, long lines, or the last line', async () => {
    const atoms = await atomizeOne([
      'This line ends with a full stop.',
      sentences(20, 'Body'),
      'A line that is far too long to be a heading because it has many more than twelve words in it',
      sentences(20, 'More'),
      'Closing words',
    ].join('\n\n'), 'text', { minWords: 1 })
    expect(atoms.flatMap(atom => atom.headingTrail)).toEqual([])
  })

  it('nests numbered headings by their numbers', async () => {
    const atoms = await atomizeOne(['Chapter 1 Cells', '1.1 Membranes', sentences(20, 'Lipid'), '1.2 Nucleus', sentences(20, 'Chromatin')].join('\n\n'), 'text')
    expect(trails(atoms)).toEqual([['Chapter 1 Cells', '1.1 Membranes'], ['Chapter 1 Cells', '1.2 Nucleus']])
  })

  it('shows Markdown characters literally instead of formatting with them', async () => {
    const [atom] = await atomizeOne('Use *stars*, _underscores_, `ticks`, # hashes, [brackets](parens) and <b>tags</b> in plain text, please.', 'text', { minWords: 1 })
    const html = renderMarkdown(atom!.body)
    for (const literal of ['*stars*', '_underscores_', '`ticks`', '# hashes', '[brackets](parens)']) expect(html).toContain(literal)
    expect(html).not.toMatch(/<(em|strong|code|a|b|h\d)[\s>]/)
    expect(html).toContain('&#x3C;b>tags&#x3C;/b>')
  })

  it('shows numbered and dashed paragraphs unchanged, without stray backslashes', async () => {
    const [atom] = await atomizeOne('Steps, in order, are listed below for you:\n\n1. Open the lid and look inside.\n\n2) Look inside once more.\n\n- Close it again now.\n\n+ Done with all of it.', 'text', { minWords: 1 })
    const html = renderMarkdown(atom!.body)
    expect(html).not.toMatch(/<(ol|ul|li)[\s>]/)
    for (const line of ['1. Open the lid and look inside.', '2) Look inside once more.', '- Close it again now.', '+ Done with all of it.']) {
      expect(html).toContain(`<p>${line}</p>`)
    }
    expect(html).not.toContain('\\')
  })

  it('shows underlines, rules and entity names literally instead of as headings or characters', async () => {
    const atoms = await atomizeOne('Results for the first quarter, as measured:\n\nTotals\n======\n\nTom &amp; Jerry &copy; 2020\n-----\n\nDone with the report, and that is all.', 'text', { minWords: 1 })
    const html = atoms.map(atom => renderMarkdown(atom.body)).join('')
    expect(html).not.toMatch(/<(h\d|hr)[\s>/]/)
    expect(html).toContain('======')
    expect(html).toContain('-----')
    expect(html).toContain('&#x26;amp;')
    expect(html).toContain('&#x26;copy;')
    expect(html).not.toContain('©')
  })

  it('keeps backslashes that are part of the text', async () => {
    const [atom] = await atomizeOne('The path is C:\\Users\\ada on that machine, remember it well.', 'text', { minWords: 1 })
    expect(renderMarkdown(atom!.body)).toContain('C:\\Users\\ada')
  })

  it('reads a run of bulleted lines as a list', async () => {
    const [atom] = await atomizeOne('Things you need for this experiment, in short:\n\n- a beaker\n- some water\n- a thermometer', 'text', { minWords: 1 })
    expect(renderMarkdown(atom!.body)).toMatch(/<ul>\s*<li>a beaker<\/li>\s*<li>some water<\/li>\s*<li>a thermometer<\/li>\s*<\/ul>/)
  })
})

describe('rendered atoms', () => {
  it('never carry script, event handlers or javascript: links from the source', async () => {
    const atoms = await atomizeOne([
      '# Safe', sentences(20, 'Text'),
      '<script>alert(1)</script>',
      'An image <img src=x onerror="alert(1)"> in a paragraph with [a link](javascript:alert(1)) inside it.',
    ].join('\n\n'), 'markdown', { minWords: 1 })
    for (const atom of atoms) {
      const html = renderMarkdown(atom.body).toLowerCase()
      expect(html).not.toContain('<script')
      expect(html).not.toMatch(/\son[a-z]+\s*=/)
      expect(html).not.toContain('javascript:')
    }
  })
})

describe('atom ids', () => {
  const source = (beta: string) => [
    '# Alpha', sentences(30, 'Alpha'),
    '# Beta', beta,
    '## Beta child', sentences(30, 'Child'),
    '# Gamma', sentences(30, 'Gamma'),
  ].join('\n\n')

  it('are deterministic, unique and URL-safe', async () => {
    const first = (await atomizeOne(source(sentences(30, 'Beta')))).map(atom => atom.id)
    const again = (await atomizeOne(source(sentences(30, 'Beta')))).map(atom => atom.id)
    expect(again).toEqual(first)
    expect(new Set(first).size).toBe(first.length)
    for (const id of first) expect(id).toMatch(/^[\w-]{1,64}$/)
  })

  it('stay the same for the other sections when one section is rewritten', async () => {
    const before = await atomizeOne(source(sentences(30, 'Beta')))
    const previous = before.map(atom => ({ id: atom.id, body: atom.body }))
    const after = await atomizeOne(source('Beta now says something completely different, about rivers and mountains and the sea.'), 'markdown', {}, previous)
    expect(after.map(atom => atom.headingTrail)).toEqual(before.map(atom => atom.headingTrail))
    const changed = after.findIndex(atom => atom.headingTrail.join() === 'Beta')
    after.forEach((atom, i) => {
      if (i !== changed) expect(atom.id).toBe(before[i]!.id)
    })
    expect(after[changed]!.id).not.toBe(before[changed]!.id)
    expect(new Set(after.map(atom => atom.id)).size).toBe(after.length)
  })

  it('stay the same without a previous version when only another section changed', async () => {
    const before = await atomizeOne(source(sentences(30, 'Beta')))
    const after = await atomizeOne(source(sentences(30, 'Different')))
    expect(after.filter((atom, i) => atom.id === before[i]!.id)).toHaveLength(before.length - 1)
  })

  it('are kept by a lightly edited atom when the previous version is given', async () => {
    const before = await atomizeOne(source(sentences(30, 'Beta')))
    const previous = before.map(atom => ({ id: atom.id, body: atom.body }))
    const edited = sentences(30, 'Beta').replace('number 1 has', 'number 1 still has')
    const after = await atomizeOne(source(edited), 'markdown', {}, previous)
    expect(after.map(atom => atom.id)).toEqual(before.map(atom => atom.id))
  })

  it('differ between documents with the same content', async () => {
    const text = source(sentences(30, 'Beta'))
    const [a, b] = await atomizeCollection([
      { key: 'doc-a', format: 'markdown', data: encode(text) },
      { key: 'doc-b', format: 'markdown', data: encode(text) },
    ], { minWords: 5, maxWords: 120 })
    const shared = a!.atoms.map(atom => atom.id).filter(id => b!.atoms.some(atom => atom.id === id))
    expect(shared).toEqual([])
  })
})

describe('the text limit', () => {
  const words = (count: number) => new TextEncoder().encode(Array.from({ length: count }, (_, i) => `word${i % 50}`).join(' '))

  it('refuses plain text over the limit before extracting it, and across the sources of a collection', async () => {
    const options = { minWords: 5, maxWords: 100, maxTextChars: 1000 }
    await expect(atomizeCollection([{ key: 'a', format: 'text', data: words(400) }], options)).rejects.toThrow(/more text than the limit of 1000/)
    await expect(atomizeCollection([{ key: 'a', format: 'text', data: words(100) }, { key: 'b', format: 'text', data: words(100) }], options))
      .rejects.toThrow(AtomizeInputError)
    await expect(atomizeCollection([{ key: 'a', format: 'text', data: words(100) }], options)).resolves.toHaveLength(1)
  })

  it('counts text, not markup, for other formats', async () => {
    const markdown = new TextEncoder().encode(`# Title\n\n${'**bold** '.repeat(100)}`)
    await expect(atomizeCollection([{ key: 'a', format: 'markdown', data: markdown }], { minWords: 5, maxWords: 200, maxTextChars: 700 })).resolves.toHaveLength(1)
  })
})
