import { beforeAll, describe, expect, it } from 'vitest'
import { atomTypeSchema } from '../../shared/schemas/atom'
import { documentFormats, type DocumentFormat } from '../../shared/schemas/document'
import { loadCorpus, type CorpusDocument } from '../support/corpus'
import { signedInClient, type ApiClient } from '../support/http'

type Json = any // eslint-disable-line @typescript-eslint/no-explicit-any

const formats = Object.keys(documentFormats) as DocumentFormat[]
const atomTypes: readonly string[] = atomTypeSchema.options

/** One labelled document of each format: the first (by name) whose gold labels list its sections. */
const samples: CorpusDocument[] = formats.map((format) => {
  const sample = loadCorpus().find(doc => doc.format === format && doc.gold.sections.length > 0)
  if (!sample) throw new Error(`the corpus has no ${format} document with sections`)
  return sample
})

/** Headings compared as a reader would: case, punctuation and spacing aside. */
const headingKey = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim()
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

describe('atomizing one document of each format through the API', () => {
  let client: ApiClient
  const uploaded = new Map<string, { document: Json, atoms: Json[] }>()

  beforeAll(async () => {
    client = (await signedInClient('formats')).client
    // Uploaded together: the queue works on them side by side, as it would for a user uploading a folder.
    await Promise.all(samples.map(async (sample) => {
      const response = await client.upload(sample.file, sample.data as Uint8Array<ArrayBuffer>, { type: documentFormats[sample.format].mediaTypes[0] })
      if (response.status !== 202) throw new Error(`${sample.file}: upload answered ${response.status} ${JSON.stringify(response.data)}`)
      const document = await client.waitForDocument(response.data.id, 90_000)
      const atoms = document.status === 'ready' ? await client.getAll(`/api/v1/documents/${document.id}/atoms`, 5) : []
      uploaded.set(sample.name, { document, atoms })
    }))
  }, 120_000)

  it('covers every supported format', () => {
    expect(samples.map(sample => sample.format)).toEqual(formats)
  })

  describe.each(samples.map(sample => ({ file: sample.file, sample })))('$file', ({ sample }) => {
    const result = () => uploaded.get(sample.name)!

    it('becomes ready, with as many atoms as it says, in order', () => {
      const { document, atoms } = result()
      expect(document, JSON.stringify(document)).toMatchObject({ status: 'ready', format: sample.format, filename: sample.file, progress: 1, size: sample.data.byteLength })
      expect(document.error).toBeUndefined()
      expect(atoms.length).toBeGreaterThan(1)
      expect(atoms).toHaveLength(document.atomCount)
      expect(atoms.map(atom => atom.order)).toEqual(atoms.map((_, i) => i))
      expect(new Set(atoms.map(atom => atom.id)).size).toBe(atoms.length)
      for (const atom of atoms) expect(atom.documentId).toBe(document.id)
    })

    it('types every atom and gives it terms, a reading time, a difficulty and script-free HTML', () => {
      const { atoms } = result()
      // Key terms are the document's few that matter: an introduction or a summary may name none of them.
      expect(atoms.filter(atom => atom.terms.length > 0).length / atoms.length).toBeGreaterThanOrEqual(0.5)
      for (const atom of atoms) {
        const where = `${sample.file} atom ${atom.order} "${atom.title}"`
        expect(atomTypes, where).toContain(atom.type)
        expect(atom.title.trim(), where).not.toBe('')
        expect(atom.text.trim(), where).not.toBe('')
        for (const term of atom.terms) expect(term, where).toMatchObject({ term: expect.stringMatching(/\S/), key: expect.stringMatching(/\S/) })
        expect(Number.isInteger(atom.readingTimeSec) && atom.readingTimeSec > 0, `${where}: readingTimeSec ${atom.readingTimeSec}`).toBe(true)
        expect(atom.difficulty, where).toBeGreaterThanOrEqual(0)
        expect(atom.difficulty, where).toBeLessThanOrEqual(1)
        expect(['easy', 'medium', 'hard'], where).toContain(atom.difficultyLabel)
        expect(atom.html.trim(), where).not.toBe('')
        expect(atom.html.toLowerCase(), where).not.toContain('<script')
      }
    })

    it('finds definitions and makes study cards', () => {
      const { atoms } = result()
      const defining = atoms.filter(atom => atom.definitions.length > 0)
      expect(defining.length).toBeGreaterThan(0)
      for (const atom of defining) {
        for (const definition of atom.definitions) expect(definition).toEqual({ term: expect.stringMatching(/\S/), meaning: expect.stringMatching(/\S/) })
      }
      const carded = atoms.filter(atom => atom.cards.length > 0)
      expect(carded.length).toBeGreaterThan(0)
      for (const card of carded.flatMap(atom => atom.cards)) {
        expect(['definition', 'cloze', 'steps', 'qa']).toContain(card.type)
        expect(card.front.trim()).not.toBe('')
        expect(card.back.trim()).not.toBe('')
      }
    })

    it('keeps the source\'s headings in the trails, and pages for a PDF', () => {
      const { atoms } = result()
      const trailHeadings = new Set(atoms.flatMap(atom => atom.headingTrail).map(headingKey))
      const found = sample.gold.sections.filter(section => trailHeadings.has(headingKey(section)))
      expect(found.length, `gold sections ${JSON.stringify(sample.gold.sections)}, trails ${JSON.stringify([...trailHeadings])}`).toBeGreaterThan(0)
      // Most of the headings a teacher sees in the source survive into the trails.
      expect(found.length / sample.gold.sections.length).toBeGreaterThanOrEqual(0.5)
      if (sample.format === 'pdf') {
        const pages = atoms.map(atom => atom.source.page)
        for (const page of pages) expect(Number.isInteger(page) && page >= 1, `pages ${JSON.stringify(pages)}`).toBe(true)
        expect(pages).toEqual([...pages].sort((a, b) => a - b))
        expect(new Set(pages).size).toBeGreaterThan(1)
      }
      else {
        for (const atom of atoms) expect(atom.source.page).toBeUndefined()
      }
    })

    it('links prerequisites inside the document, and names them in /atoms/:id/links', async () => {
      const { atoms } = result()
      const byId = new Map(atoms.map(atom => [atom.id, atom]))
      const linked = atoms.filter(atom => atom.prerequisites.length > 0)
      expect(linked.length).toBeGreaterThan(0)
      for (const atom of atoms) {
        for (const id of atom.prerequisites) {
          expect(byId.has(id), `${atom.title}: prerequisite ${id} is not an atom of the document`).toBe(true)
          expect(id).not.toBe(atom.id)
        }
        for (const link of atom.related) expect(byId.has(link.id)).toBe(true)
      }
      for (const atom of linked) {
        const response = await client.get(`/api/v1/atoms/${atom.id}/links`)
        expect(response.status).toBe(200)
        expect(response.data.prerequisites).toEqual(atom.prerequisites.map((id: string) => ({ id, title: byId.get(id)!.title })))
        expect(response.data.related).toEqual(atom.related.map((link: Json) => ({ id: link.id, title: byId.get(link.id)!.title, score: link.score })))
        for (const definition of response.data.definitions) {
          expect(byId.get(definition.id)?.title).toBe(definition.title)
          expect(atom.terms.find((term: Json) => term.term === definition.term)?.definedBy).toBe(definition.id)
        }
      }
    })

    it('gives a reading order with every atom once, each after its prerequisites', async () => {
      const { document, atoms } = result()
      const response = await client.get(`/api/v1/documents/${document.id}/reading-order`)
      expect(response.status).toBe(200)
      const order: { id: string, title: string }[] = response.data.items
      expect(order).toHaveLength(atoms.length)
      expect(order.map(item => item.id).sort()).toEqual(atoms.map(atom => atom.id).sort())
      const position = new Map(order.map((item, i) => [item.id, i]))
      for (const atom of atoms) {
        expect(order[position.get(atom.id)!]!.title).toBe(atom.title)
        for (const prerequisite of atom.prerequisites) {
          expect(position.get(prerequisite)!, `${atom.title} comes before its prerequisite`).toBeLessThan(position.get(atom.id)!)
        }
      }
    })

    it('is found by search for one of its key terms', async () => {
      const { document, atoms } = result()
      // The first gold key term the atoms' text really contains, as a word.
      const term = sample.gold.keyTerms.find(keyTerm => atoms.some(atom => new RegExp(`\\b${escapeRegExp(keyTerm)}\\b`, 'i').test(atom.text)))
      expect(term, `none of ${JSON.stringify(sample.gold.keyTerms)} in the atoms`).toBeDefined()
      const response = await client.get(`/api/v1/search?q=${encodeURIComponent(term!)}&limit=50`)
      expect(response.status).toBe(200)
      const hits = response.data.items.filter((hit: Json) => hit.atom.documentId === document.id)
      expect(hits.length, `no hit for "${term}" in ${sample.file}`).toBeGreaterThan(0)
      expect(hits.some((hit: Json) => `${hit.atom.title} ${hit.atom.text}`.toLowerCase().includes(term!.toLowerCase()))).toBe(true)
      expect(hits.some((hit: Json) => hit.highlights.join(' ').includes('<mark>'))).toBe(true)
    })
  })
})
