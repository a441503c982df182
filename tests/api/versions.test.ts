import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { uniqueWord } from '../support/content'
import { shareAndAccept, signedInClient, type ApiClient } from '../support/http'
import { expectProblem } from '../support/problems'

type Json = any // eslint-disable-line @typescript-eslint/no-explicit-any

const dataDir = inject('dataDir')
/** The files stored for a document, with their contents. */
function storedFiles(documentId: string): string[] {
  const folder = join(dataDir, 'files', 'documents', documentId)
  if (!existsSync(folder)) return []
  return readdirSync(folder, { recursive: true, withFileTypes: true }).filter(entry => entry.isFile())
    .map(entry => readFileSync(join(entry.parentPath, entry.name), 'utf8'))
}

/** A word no other test uses for each section, so search can tell the sections apart. */
const marks = {
  springs: uniqueWord('spring'),
  meanders: uniqueWord('meander'),
  deltas: uniqueWord('delta'),
  floodplains: uniqueWord('flood'),
  estuaries: uniqueWord('estuary'),
  waterfalls: uniqueWord('fall'),
}

/** Sections of about seventy words on distinct topics: one atom each with the default bounds. */
const sections = {
  springs: ['Springs and sources', `Every river begins somewhere, and hydrologists call the very first trickle the ${marks.springs} of the stream. Rain soaks into porous rock, travels slowly through cracks and layers, and emerges again where the ground dips below the water table. Mountain springs are cold and clear all year, while marshy sources in lowland bogs feed streams that are brown with dissolved peat and move very slowly.`],
  meanders: ['Meanders', `On flat ground a river swings from side to side in wide loops called meanders, a pattern geographers label ${marks.meanders} in this course. Water flows fastest on the outside of each bend, where it cuts into the bank, and slowest on the inside, where sand and gravel settle. Over decades the loops migrate across the valley floor, and a gentle neck of land between two bends may finally be breached.`],
  deltas: ['Deltas', `Where a river meets the sea or a lake it slows down and drops the sediment it carried, building a fan of new land that the course names ${marks.deltas}. The main channel splits into many smaller distributaries that wander across the fan. The Nile and the Mississippi built famous deltas, and their rich silt has fed farmers for thousands of years while storms and subsidence threaten the edges.`],
  floodplains: ['Floodplains', `When heavy rain pushes a river over its banks, the water spreads across the flat land beside it, which this chapter calls the ${marks.floodplains} plain. As the flood slows it leaves behind a thin layer of fertile mud. Natural levees of coarser sediment form along the banks, and wetlands on the plain store water that would otherwise rush downstream and damage towns further along the valley.`],
  estuaries: ['Estuaries', `An estuary is the tidal mouth of a river, where fresh water mixes with salt water from the ocean, and the term used here is ${marks.estuaries} for that mixing zone. Twice a day the tide pushes seawater upstream beneath the lighter river water. Estuaries shelter young fish and migrating birds, and many great ports grew up on them because ships could sail far inland with the rising tide.`],
  waterfalls: ['Waterfalls', `A waterfall forms where a river crosses from hard rock onto softer rock, a step that surveyors in this book mark as ${marks.waterfalls} on their maps. The soft layer wears away faster, undercutting the hard cap until it collapses, so the falls retreat upstream over centuries. A deep plunge pool is scoured at the foot of the drop, and a steep gorge records how far the falls have travelled.`],
} as const
type Section = keyof typeof sections

function chapter(parts: (Section | [Section, string])[]): string {
  const text = parts.map((part) => {
    const [key, body] = typeof part === 'string' ? [part, sections[part][1]] : [part[0], part[1]]
    return `## ${sections[key][0]}\n\n${body}`
  })
  return `# Rivers and their landscapes\n\n${text.join('\n\n')}\n`
}

const original = chapter(['springs', 'meanders', 'deltas', 'floodplains', 'estuaries'])
// A word changed in one paragraph, one section removed and another added in its place.
const editedMeanders = sections.meanders[1].replace('a gentle neck of land', 'a narrow neck of land')
const edited = chapter(['springs', ['meanders', editedMeanders], 'waterfalls', 'floodplains', 'estuaries'])

/** Atom ids by the heading they sit under. */
const idsByHeading = (atoms: Json[]) => Object.fromEntries(atoms.map(atom => [atom.headingTrail.at(-1), atom.id])) as Record<string, string>

describe('re-ingesting an edited version', () => {
  let client: ApiClient
  let documentId: string
  let before: Json[]
  let after: Json[]

  beforeAll(async () => {
    client = (await signedInClient('versions')).client
    documentId = (await client.uploadReady('rivers.md', original)).id
    before = await client.getAll(`/api/v1/documents/${documentId}/atoms`, 2)
    const response = await client.replaceFile(documentId, 'rivers-v2.md', edited)
    expect(response.status, JSON.stringify(response.data)).toBe(202)
    expect(response.data).toMatchObject({ id: documentId, status: 'queued', filename: 'rivers-v2.md', size: Buffer.byteLength(edited) })
    const ready = await client.waitForDocument(documentId, 60_000)
    expect(ready, JSON.stringify(ready)).toMatchObject({ status: 'ready', filename: 'rivers-v2.md', size: Buffer.byteLength(edited) })
    after = await client.getAll(`/api/v1/documents/${documentId}/atoms`, 2)
  }, 120_000)

  it('made one atom per section before and after', () => {
    expect(before.map(atom => atom.headingTrail.at(-1))).toEqual(['Springs and sources', 'Meanders', 'Deltas', 'Floodplains', 'Estuaries'])
    expect(after.map(atom => atom.headingTrail.at(-1))).toEqual(['Springs and sources', 'Meanders', 'Waterfalls', 'Floodplains', 'Estuaries'])
    expect(after.map(atom => atom.order)).toEqual([0, 1, 2, 3, 4])
  })

  it('keeps the ids of unchanged atoms and of the lightly edited one', () => {
    const old = idsByHeading(before)
    const now = idsByHeading(after)
    for (const heading of ['Springs and sources', 'Floodplains', 'Estuaries', 'Meanders']) expect(now[heading], heading).toBe(old[heading])
    const meanders = after.find(atom => atom.id === old.Meanders)
    expect(meanders.text).toContain('a narrow neck of land')
    expect(meanders.text).not.toContain('a gentle neck of land')
  })

  it('gives the new section a new id', () => {
    const added = idsByHeading(after).Waterfalls!
    expect(before.map(atom => atom.id)).not.toContain(added)
    expect(new Set(after.map(atom => atom.id)).size).toBe(after.length)
  })

  it('removes the atom of the removed section: gone by id, from the list and from search', async () => {
    const removed = idsByHeading(before).Deltas!
    expect(after.map(atom => atom.id)).not.toContain(removed)
    expectProblem(await client.get(`/api/v1/atoms/${removed}`), 404, `/api/v1/atoms/${removed}`)
    expect((await client.get(`/api/v1/search?q=${marks.deltas}`)).data).toEqual({ items: [], total: 0 })
    // The sections still there are found by their own words, edited or not, and the new one too.
    for (const [section, heading] of [['meanders', 'Meanders'], ['springs', 'Springs and sources'], ['waterfalls', 'Waterfalls']] as const) {
      const { data } = await client.get(`/api/v1/search?q=${marks[section]}`)
      expect(data.items.map((item: Json) => item.atom.id), section).toEqual([idsByHeading(after)[heading]])
    }
  })

  it('counts the atoms it has, serves each by id, and keeps only the new file', async () => {
    const document = (await client.get(`/api/v1/documents/${documentId}`)).data
    expect(document.atomCount).toBe(after.length)
    for (const atom of after) expect((await client.get(`/api/v1/atoms/${atom.id}`)).data).toEqual(atom)
    expect(storedFiles(documentId)).toEqual([edited])
  })

  it('reprocesses idempotently: twice in a row, and once more, the same atoms with the same ids', async () => {
    const first = await client.post(`/api/v1/documents/${documentId}/reprocess`)
    const second = await client.post(`/api/v1/documents/${documentId}/reprocess`)
    expect([first.status, second.status]).toEqual([202, 202])
    expect(second.data).toMatchObject({ id: documentId, status: 'queued', progress: 0 })
    expect(await client.waitForDocument(documentId, 60_000)).toMatchObject({ status: 'ready', atomCount: after.length })
    expect(await client.getAll(`/api/v1/documents/${documentId}/atoms`)).toEqual(after)

    expect((await client.post(`/api/v1/documents/${documentId}/reprocess`)).status).toBe(202)
    expect(await client.waitForDocument(documentId, 60_000)).toMatchObject({ status: 'ready', atomCount: after.length })
    expect(await client.getAll(`/api/v1/documents/${documentId}/atoms`)).toEqual(after)
  })
})

describe('only the owner changes a document', () => {
  let alice: ApiClient
  let bob: ApiClient
  let bobEmail: string
  let bobId: string
  let documentId: string
  let document: Json
  let atoms: Json[]

  beforeAll(async () => {
    alice = (await signedInClient('owner')).client
    const signedIn = await signedInClient('intruder')
    bob = signedIn.client
    bobEmail = signedIn.email
    bobId = signedIn.user.id
    documentId = (await alice.uploadReady('owned.md', original)).id
    document = (await alice.get(`/api/v1/documents/${documentId}`)).data
    atoms = await alice.getAll(`/api/v1/documents/${documentId}/atoms`)
  }, 60_000)

  /** Bob tries every change; each answer must be this problem status. */
  async function bobTriesEverything(status: number) {
    expectProblem(await bob.replaceFile(documentId, 'mine-now.md', edited), status, `/api/v1/documents/${documentId}/file`)
    expectProblem(await bob.post(`/api/v1/documents/${documentId}/reprocess`), status, `/api/v1/documents/${documentId}/reprocess`)
    expectProblem(await bob.post(`/api/v1/documents/${documentId}/cancel`), status, `/api/v1/documents/${documentId}/cancel`)
  }

  async function expectUnchanged() {
    expect((await alice.get(`/api/v1/documents/${documentId}`)).data).toEqual(document)
    expect(await alice.getAll(`/api/v1/documents/${documentId}/atoms`)).toEqual(atoms)
    expect(storedFiles(documentId)).toEqual([original])
  }

  it('answers 404 to a user the document is not shared with, and changes nothing', async () => {
    await bobTriesEverything(404)
    await expectUnchanged()
  })

  it('answers 403 to a user the document is shared with, and changes nothing', async () => {
    await shareAndAccept(alice, bob, `/api/v1/documents/${documentId}/shares`, { email: bobEmail })
    try {
      await bobTriesEverything(403)
      await expectUnchanged()
    }
    finally {
      expect((await alice.delete(`/api/v1/documents/${documentId}/shares/${bobId}`)).status).toBe(204)
    }
  })
})

describe('a bad edited version', () => {
  let client: ApiClient
  let documentId: string
  let document: Json
  let atoms: Json[]

  beforeAll(async () => {
    client = (await signedInClient('bad-version')).client
    documentId = (await client.uploadReady('kept.md', original)).id
    document = (await client.get(`/api/v1/documents/${documentId}`)).data
    atoms = await client.getAll(`/api/v1/documents/${documentId}/atoms`)
  }, 60_000)

  const bytes = (text: string) => new TextEncoder().encode(text)

  it.each([
    ['an unsupported type', 'rivers.exe', bytes(edited), 'application/octet-stream', 415, /not a supported format/],
    ['an empty file', 'rivers.md', new Uint8Array(0), 'text/markdown', 400, /empty/i],
    ['a whitespace-only file', 'rivers.md', bytes('\n \n\t\n'), 'text/markdown', 400, /empty/i],
    ['invalid UTF-8', 'rivers.md', new Uint8Array([0x23, 0x20, 0x52, 0xE9, 0x0A, 0xFF]), 'text/markdown', 400, /UTF-8/],
    ['a PDF that is not one', 'rivers.pdf', bytes(edited), 'application/pdf', 400, /not a PDF/],
    ['a file over the upload limit', 'rivers.md', new Uint8Array(1024 * 1024 + 1).fill(0x61), 'text/markdown', 413, /limit of 1 MiB/],
  ])('refuses %s with a problem and keeps the document and its atoms', async (_case, filename, content, type, status, detail) => {
    const problem = expectProblem(await client.replaceFile(documentId, filename, content as Uint8Array<ArrayBuffer>, { type }), status, `/api/v1/documents/${documentId}/file`)
    expect(problem.detail).toMatch(detail)
    expect((await client.get(`/api/v1/documents/${documentId}`)).data).toEqual(document)
    expect(await client.getAll(`/api/v1/documents/${documentId}/atoms`)).toEqual(atoms)
    expect(storedFiles(documentId)).toEqual([original])
  })

  it('refuses a PUT without a file field with 422, and one that is not multipart with 415', async () => {
    const form = new FormData()
    form.set('title', 'No file')
    expect(expectProblem(await client.request('PUT', `/api/v1/documents/${documentId}/file`, { body: form }), 422).errors).toEqual([{ path: 'file', message: expect.any(String) }])
    expectProblem(await client.put(`/api/v1/documents/${documentId}/file`, { file: edited }), 415)
    expect((await client.get(`/api/v1/documents/${documentId}`)).data).toEqual(document)
    expect(await client.getAll(`/api/v1/documents/${documentId}/atoms`)).toEqual(atoms)
  })

  it('answers 404 for a document that does not exist', async () => {
    const unknown = '11111111-2222-4333-8444-555555555555'
    expectProblem(await client.replaceFile(unknown, 'rivers.md', edited), 404)
    expectProblem(await client.post(`/api/v1/documents/${unknown}/reprocess`), 404)
    expectProblem(await client.post(`/api/v1/documents/${unknown}/cancel`), 404)
  })
})
