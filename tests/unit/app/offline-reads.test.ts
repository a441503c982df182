import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it } from 'vitest'
import type { Atom, AtomWithEmbedding } from '../../../shared/schemas/atom'
import type { DocumentView } from '../../../shared/schemas/document'
import type { DocumentGlossary } from '../../../shared/schemas/glossary'
import { offlineDatabase, type LocalDocument } from '../../../app/offline/db'
import { remember } from '../../../app/offline/reads-db'

const view = { id: 'd1', title: 'Cells', status: 'ready', atomCount: 1 } as DocumentView
const glossary = { documentId: 'd1', title: 'Cells', items: [] } as unknown as DocumentGlossary
const saved: LocalDocument = { id: 'd1', view, saved: true, savedAt: '2026-12-07T00:00:00.000Z', readingOrder: [{ id: 'a1', title: 'Osmosis' }], glossary }
const atom = { id: 'a1', documentId: 'd1', order: 0, title: 'Osmosis', text: 'Water crosses a membrane.' } as Atom

/** What saving a document for offline use writes (mirror.ts), as one transaction. */
function saveAtOnce(database = offlineDatabase()) {
  return database.transaction('rw', [database.documents, database.atoms], async () => {
    await database.atoms.bulkPut([{ ...atom, embedding: [0.6, 0.8] } as AtomWithEmbedding])
    await database.documents.put(saved)
  })
}

describe('keeping reads on the device while a document is saved', () => {
  afterEach(async () => {
    const database = offlineDatabase()
    await Promise.all(database.tables.map(table => table.clear()))
  })

  it('a document card read just as the document is saved keeps what the save wrote: its glossary, reading order, saved mark', async () => {
    // Both start together: the read's lookup runs before the save's write, its own write after it.
    await Promise.all([remember('/api/v1/documents/d1', view), saveAtOnce()])
    const stored = await offlineDatabase().documents.get('d1')
    expect(stored).toMatchObject({ saved: true, glossary, readingOrder: saved.readingOrder, view })
  })

  it('an atom read just as its document is saved keeps the vector the save wrote', async () => {
    await Promise.all([remember('/api/v1/atoms/a1', atom), saveAtOnce()])
    expect((await offlineDatabase().atoms.get('a1'))?.embedding).toEqual([0.6, 0.8])
  })

  it('a document read when nothing is saved is kept as seen, not saved', async () => {
    await remember('/api/v1/documents/d1', view)
    expect(await offlineDatabase().documents.get('d1')).toEqual({ id: 'd1', saved: false, view })
  })

  it('a read after the save refreshes the card and keeps the rest', async () => {
    await saveAtOnce()
    const renamed = { ...view, title: 'Cells, revised' }
    await remember('/api/v1/documents/d1', renamed)
    expect(await offlineDatabase().documents.get('d1')).toMatchObject({ saved: true, glossary, view: renamed })
  })

  it('ignores other reads', async () => {
    expect(await remember('/api/v1/documents/d1/atoms', { items: [] })).toEqual({ atomsChanged: false })
    expect(await offlineDatabase().documents.count()).toBe(0)
  })
})
