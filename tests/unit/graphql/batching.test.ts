import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Drivers } from '../../../server/drivers'
import { createSqliteStore } from '../../../server/drivers/store/sqlite'
import { makeAtom, makeDocument, makeUser } from '../../contracts/store.contract'
import { closeDrivers, countingStore, embeddedDrivers, graphqlClient } from './support'

const atomsPerDocument = 6

/** Documents → their atoms → each atom's prerequisites, related atoms, defining atoms and document. */
const libraryQuery = /* GraphQL */ `
  query Library($first: Int) {
    documents(first: $first) {
      items {
        id title
        atoms(first: 50) {
          items {
            id title
            prerequisites { id title document { id title } }
            related { score atom { id } }
            terms { term definedBy { id } }
            document { id status }
          }
        }
      }
    }
  }
`

let drivers: Drivers
let calls: string[]

beforeEach(() => {
  const counted = countingStore(createSqliteStore(':memory:'))
  calls = counted.calls
  drivers = embeddedDrivers(counted.store)
})

afterEach(() => closeDrivers(drivers))

async function libraryOf(documents: number) {
  const owner = await drivers.store.users.create(makeUser())
  for (let d = 0; d < documents; d++) {
    const document = makeDocument(owner.id, { status: 'ready', atomCount: atomsPerDocument, createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, d)).toISOString() })
    await drivers.store.documents.create(document)
    await drivers.store.atoms.upsertMany(Array.from({ length: atomsPerDocument }, (_, i) => makeAtom(document.id, i)))
  }
  return owner
}

async function storeCallsFor(documents: number) {
  const owner = await libraryOf(documents)
  const query = graphqlClient(drivers)
  calls.length = 0
  const { body } = await query({ id: owner.id, role: 'author' }, { query: libraryQuery, variables: { first: 100 } })
  expect(body.errors).toBeUndefined()
  const items = body.data!.documents.items
  expect(items).toHaveLength(documents)
  for (const document of items) {
    expect(document.atoms.items).toHaveLength(atomsPerDocument)
    expect(document.atoms.items[1].prerequisites).toEqual([{ id: document.atoms.items[0].id, title: 'Atom 0', document: { id: document.id, title: 'A chapter' } }])
    expect(document.atoms.items[1].document).toEqual({ id: document.id, status: 'ready' })
    expect(document.atoms.items[2].terms[0].definedBy).toEqual({ id: document.atoms.items[0].id })
  }
  return [...calls]
}

describe('GraphQL batching', () => {
  it('reads the store the same few times for 2 documents as for 12, whatever their atoms link to', async () => {
    const few = await storeCallsFor(2)
    await closeDrivers(drivers)
    const counted = countingStore(createSqliteStore(':memory:'))
    calls = counted.calls
    drivers = embeddedDrivers(counted.store)
    const many = await storeCallsFor(12)
    expect(many).toEqual(few)
    // The page of documents, one batch of atom pages, and the readable documents for the links.
    expect(many.toSorted()).toEqual(['atoms.listByDocuments', 'documents.listByOwner', 'documents.readableIds'])
  })

  it('loads linked atoms from other documents in one batch, leaving out those the reader may not read', async () => {
    const owner = await drivers.store.users.create(makeUser())
    const stranger = await drivers.store.users.create(makeUser())
    const hidden = makeDocument(stranger.id, { status: 'ready' })
    await drivers.store.documents.create(hidden)
    await drivers.store.atoms.upsertMany([makeAtom(hidden.id, 0)])
    const documents = Array.from({ length: 5 }, () => makeDocument(owner.id, { status: 'ready' }))
    const shared = makeDocument(owner.id, { status: 'ready', title: 'Linked' })
    await drivers.store.documents.create(shared)
    await drivers.store.atoms.upsertMany([makeAtom(shared.id, 0)])
    for (const document of documents) {
      await drivers.store.documents.create(document)
      await drivers.store.atoms.upsertMany([makeAtom(document.id, 0, { prerequisites: [`${shared.id}-atom-0`, `${hidden.id}-atom-0`], related: [] })])
    }
    const query = graphqlClient(drivers)
    calls.length = 0
    const ids = documents.map(document => `${document.id}-atom-0`)
    const { body } = await query({ id: owner.id, role: 'author' }, {
      query: `query { ${ids.map((id, i) => `a${i}: atom(id: "${id}") { prerequisites { id document { title } } }`).join(' ')} }`,
    })
    expect(body.errors).toBeUndefined()
    for (let i = 0; i < ids.length; i++) {
      expect(body.data![`a${i}`].prerequisites).toEqual([{ id: `${shared.id}-atom-0`, document: { title: 'Linked' } }])
    }
    // Each top-level atom is read and checked on its own (as REST does); their links are batched.
    expect(calls.filter(call => call === 'atoms.getMany')).toHaveLength(1)
    expect(calls.filter(call => call === 'documents.getMany')).toHaveLength(1)
    expect(calls.filter(call => call === 'documents.readableIds')).toHaveLength(1)
  })
})
