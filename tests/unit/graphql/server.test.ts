import { createHash } from 'node:crypto'
import { createRequire } from 'node:module'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Drivers } from '../../../server/drivers'
import { persistedOperations } from '../../../server/graphql/persisted'
import { graphqlSchema } from '../../../server/graphql/server'
import { makeDocument, makeUser } from '../../contracts/store.contract'
import { closeDrivers, embeddedDrivers, graphqlClient } from './support'

// graphql as the server loads it (Node's resolution), not the ES module build Vite would pick for this file.
const { parse, validate } = createRequire(import.meta.url)('graphql') as typeof import('graphql')

const meHash = Object.entries(persistedOperations).find(([, text]) => text.startsWith('query Me '))![0]

let drivers: Drivers

beforeEach(() => {
  drivers = embeddedDrivers()
})

afterEach(() => closeDrivers(drivers))

const codesOf = (body: { errors?: { extensions?: Record<string, unknown> }[] }) => body.errors?.map(error => error.extensions?.code)

describe('persisted operations', () => {
  it('lists each operation under the sha256 of its exact text, and each is valid against the schema', () => {
    expect(Object.keys(persistedOperations).length).toBeGreaterThan(10)
    for (const [hash, text] of Object.entries(persistedOperations)) {
      expect(createHash('sha256').update(text).digest('hex')).toBe(hash)
      expect(validate(graphqlSchema, parse(text)), text).toEqual([])
    }
  })

  it('runs a persisted operation by its hash, and any query while persisted-only is off', async () => {
    const user = await drivers.store.users.create(makeUser({ name: 'Ada' }))
    const query = graphqlClient(drivers)
    const byHash = await query(user, { extensions: { persistedQuery: { version: 1, sha256Hash: meHash } } })
    expect(byHash.body).toEqual({ data: { me: { id: user.id, email: user.email, name: 'Ada', role: 'author' } } })
    expect((await query(user, { query: '{ me { name } }' })).body).toEqual({ data: { me: { name: 'Ada' } } })
  })

  it('refuses every other operation when persisted-only is on', async () => {
    const user = await drivers.store.users.create(makeUser({ name: 'Ada' }))
    const query = graphqlClient(drivers, { graphqlPersistedOnly: true })
    expect((await query(user, { extensions: { persistedQuery: { version: 1, sha256Hash: meHash } } })).body.data).toEqual({ me: expect.objectContaining({ name: 'Ada' }) })
    const arbitrary = await query(user, { query: '{ me { name } }' })
    expect(arbitrary.body.data).toBeUndefined()
    expect(codesOf(arbitrary.body)).toEqual(['PERSISTED_QUERY_ONLY'])
    const unknown = await query(user, { extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } } })
    expect(codesOf(unknown.body)).toEqual(['PERSISTED_QUERY_NOT_FOUND'])
  })
})

describe('errors and limits', () => {
  it('answers problems thrown by services with their code and status, and masks the unexpected', async () => {
    const owner = await drivers.store.users.create(makeUser())
    const other = await drivers.store.users.create(makeUser())
    const document = makeDocument(owner.id)
    await drivers.store.documents.create(document)
    const query = graphqlClient(drivers)
    const read = `{ document(id: "${document.id}") { title } }`
    expect((await query(owner, { query: read })).body.data).toEqual({ document: { title: 'A chapter' } })

    const refused = await query(other, { query: read })
    expect(refused.body.data).toEqual({ document: null })
    expect(refused.body.errors).toEqual([expect.objectContaining({
      message: `No document with id "${document.id}".`, path: ['document'], extensions: { code: 'NOT_FOUND', status: 404, type: '/problems/not-found' },
    })])
    expect(codesOf((await query(null, { query: read })).body)).toEqual(['UNAUTHENTICATED'])

    const invalid = await query(owner, { query: '{ search(q: "  ", limit: 500) { total } }' })
    expect(invalid.body.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', status: 422, errors: [{ path: 'q', message: 'q is required' }, { path: 'limit', message: expect.any(String) }] } })

    await drivers.store.close()
    const broken = await query(owner, { query: read })
    expect(broken.body.errors).toEqual([expect.objectContaining({ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } })])
    drivers = embeddedDrivers()
  })

  it('refuses operations too deep, too costly or with too many aliases before running them', async () => {
    const user = await drivers.store.users.create(makeUser())
    const query = graphqlClient(drivers)
    const nested = (levels: number) => `{ atom(id: "x") { ${'prerequisites { '.repeat(levels)}id${' }'.repeat(levels)} } }`
    expect((await query(user, { query: nested(7) })).body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND')
    const deep = await query(user, { query: nested(10) })
    expect(deep.body.errors).toEqual([expect.objectContaining({ message: expect.stringMatching(/depth limit of 10 exceeded/) })])
    const costly = await query(user, { query: '{ documents(first: 100) { items { atoms(first: 100) { items { id title text prerequisites { id title } } } } } }' })
    expect(costly.body.errors).toEqual([expect.objectContaining({ message: expect.stringMatching(/Cost limit of 20000 exceeded/) })])
    const aliased = await query(user, { query: `{ ${Array.from({ length: 16 }, (_, i) => `m${i}: me { id }`).join(' ')} }` })
    expect(aliased.body.errors).toEqual([expect.objectContaining({ message: expect.stringMatching(/Aliases limit of 15 exceeded/) })])
  })
})
