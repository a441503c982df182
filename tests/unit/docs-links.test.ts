import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const documents = ['README.md', 'models/README.md', ...readdirSync(join(root, 'docs')).filter(name => name.endsWith('.md')).map(name => `docs/${name}`)]

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
const anchorOf = (heading: string) => heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\- ]/gu, '').replace(/ /g, '-')

/** The Markdown outside fenced code blocks, where links and headings count. */
const outsideCode = (markdown: string) => markdown.split(/^```.*$/m).filter((_, i) => i % 2 === 0).join('\n')

function anchorsOf(path: string): Set<string> {
  const headings = [...outsideCode(readFileSync(path, 'utf8')).matchAll(/^#+\s+(.+)$/gm)].map(match => anchorOf(match[1]!))
  return new Set(headings)
}

describe('the documentation\'s links', () => {
  it('keeps the README short: what it is, the quick start, the features and links', () => {
    expect(readFileSync(join(root, 'README.md'), 'utf8').split('\n').length).toBeLessThanOrEqual(150)
  })

  it.each(documents)('%s: every relative link leads to a file that exists, and every anchor to a heading in it', (document) => {
    const path = join(root, document)
    const broken: string[] = []
    for (const [, target] of outsideCode(readFileSync(path, 'utf8')).matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^(?:https?:|mailto:)/.test(target!)) continue
      const [file, anchor] = target!.split('#') as [string, string | undefined]
      const destination = file ? resolve(dirname(path), file) : path
      if (!existsSync(destination)) {
        broken.push(`${target}: no ${relative(root, destination)}`)
        continue
      }
      if (anchor && destination.endsWith('.md') && statSync(destination).isFile() && !anchorsOf(destination).has(anchor)) {
        broken.push(`${target}: no heading #${anchor} in ${relative(root, destination)}`)
      }
    }
    expect(broken).toEqual([])
  })
})
