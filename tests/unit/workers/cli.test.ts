import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { corpusDir } from '../../support/quality'

const run = promisify(execFile)
const root = new URL('../../../', import.meta.url).pathname
const cli = (...args: string[]) => run(process.execPath, ['--import', 'tsx', join(root, 'workers/cli.ts'), ...args], { cwd: root, maxBuffer: 64 * 1024 * 1024 })

describe('atomize CLI', () => {
  it('prints one JSON collection of typed, linked atoms for several files of different formats', async () => {
    const files = ['cell-biology.md', 'chemical-bonding.html', 'solar-system.pdf', 'nutrition.docx'].map(file => join(corpusDir, file))
    const { stdout } = await cli(...files, '--json')
    const { atoms } = JSON.parse(stdout) as { atoms: Record<string, unknown>[] }
    expect(atoms.length).toBeGreaterThan(10)
    for (const atom of atoms) {
      expect(Object.keys(atom)).toEqual(expect.arrayContaining(['id', 'title', 'type', 'text', 'terms', 'definitions', 'prerequisites', 'related', 'cards', 'readingTimeSec', 'difficulty', 'source']))
    }
    const ids = new Set(atoms.map(atom => atom.id))
    expect(ids.size).toBe(atoms.length)
    // Links point at atoms of the same collection.
    for (const atom of atoms) for (const id of [...atom.prerequisites as string[], ...atom.related as string[]]) expect(ids.has(id)).toBe(true)
    expect(new Set(atoms.map(atom => (atom.source as { file: string }).file)).size).toBe(4)
    expect(atoms.some(atom => (atom.definitions as unknown[]).length > 0)).toBe(true)
    expect(atoms.some(atom => (atom.cards as unknown[]).length > 0)).toBe(true)
    expect(atoms.some(atom => (atom.prerequisites as unknown[]).length > 0)).toBe(true)
    expect(atoms.some(atom => (atom.source as { page?: number }).page === 1)).toBe(true)
  }, 60_000)

  it('gives each document its key terms, best first, with scores, definitions and the atoms defining them', async () => {
    const files = ['cell-biology.md', 'memory.txt'].map(file => join(corpusDir, file))
    const { stdout } = await cli(...files, '--json')
    const { documents, atoms } = JSON.parse(stdout) as {
      documents: { document: string, title: string, keyTerms: { term: string, key: string, score: number, definition: string | null, atomId: string }[] }[]
      atoms: { id: string, document: string, definitions: { term: string, meaning: string }[] }[]
    }
    expect(documents.map(document => document.document)).toEqual(['cell-biology.md', 'memory.txt'])
    for (const { document, keyTerms } of documents) {
      expect(keyTerms.length).toBeGreaterThan(8)
      const own = new Map(atoms.filter(atom => atom.document === document).map(atom => [atom.id, atom]))
      for (const term of keyTerms) {
        expect(Object.keys(term).sort()).toEqual(['atomId', 'definition', 'key', 'score', 'term'])
        expect(term.score).toBeGreaterThanOrEqual(0)
        expect(term.score).toBeLessThanOrEqual(1)
        expect(own.has(term.atomId), `${term.term} in ${document}`).toBe(true)
        // A definition comes from the atom the entry names.
        if (term.definition) expect(own.get(term.atomId)!.definitions.map(definition => definition.meaning)).toContain(term.definition)
      }
      // The model's probability: the best term is a sure one.
      expect(keyTerms[0]!.score).toBeGreaterThan(0.5)
      expect(keyTerms.map(term => term.score)).toEqual([...keyTerms.map(term => term.score)].sort((a, b) => b - a))
      expect(keyTerms.filter(term => term.definition).length).toBeGreaterThan(3)
    }
    const cell = documents[0]!.keyTerms.find(term => term.key === 'cell membrane')
    expect(cell?.definition).toMatch(/barrier/)
  }, 60_000)

  it('prints a readable outline without --json, and a clear error for a bad file', async () => {
    const { stdout } = await cli(join(corpusDir, 'memory.txt'))
    expect(stdout).toMatch(/^# Memory/m)
    expect(stdout).toMatch(/^key terms: .+, .+/m)
    expect(stdout).toMatch(/^- .+ — (?:concept|definition|example|procedure|fact|summary|exercise|other), \d+ words/m)
    await expect(cli(join(corpusDir, 'README.unknown'))).rejects.toMatchObject({ code: 2 })
    await expect(cli('/nonexistent/file.md')).rejects.toMatchObject({ code: 1 })
  }, 60_000)
})
