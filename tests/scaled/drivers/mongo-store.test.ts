import mongoose from 'mongoose'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { decodeCursor, documentCursorKey } from '../../../server/drivers/store/cursor'
import { createMongoStore } from '../../../server/drivers/store/mongo'
import { writeClaimId, type DocumentWriteClaim, type StoredDocument } from '../../../server/drivers/store/mongo/models'
import { DuplicateKeyError, type DocumentPatch, type DocumentStore } from '../../../server/drivers/store/types'
import { servicesConfig, uniqueName } from '../../support/services'
import { describeGlossaryContract } from '../../contracts/glossary.contract'
import { describeScheduleFitContract } from '../../contracts/schedule-fits.contract'
import { describeSecondFactorContract } from '../../contracts/second-factors.contract'
import { describeSignInContract } from '../../contracts/sign-in.contract'
import { describeOAuthContract } from '../../contracts/oauth.contract'
import { describeTokenContract } from '../../contracts/tokens.contract'
import { describeStoreContract, describeTypeLabelContract, makeAtom, makeCollection, makeDocument, makeUser } from '../../contracts/store.contract'

const { mongodbUri } = servicesConfig()
if (!mongodbUri) throw new Error('MONGODB_URI is not set in .env.services')
const uri = mongodbUri

/** Looks at the databases directly, and drops each test's database after it. */
const admin = mongoose.createConnection(uri)
const databases: string[] = []
const opened: DocumentStore[] = []

/** A database no other test uses. */
function freshDatabase() {
  const name = uniqueName('store')
  databases.push(name)
  return name
}

/** Stores on one database, like web instances sharing a server; closed after the test. */
function storesOn(dbName: string, count = 1) {
  const stores = Array.from({ length: count }, () => createMongoStore({ uri, dbName }))
  opened.push(...stores)
  return stores
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map(store => store.close()))
  await Promise.all(databases.splice(0).map(name => admin.useDb(name).dropDatabase()))
})

afterAll(async () => {
  await admin.close()
})

describeStoreContract('mongodb', () => createMongoStore({ uri, dbName: freshDatabase() }))
describeTypeLabelContract('mongodb', () => createMongoStore({ uri, dbName: freshDatabase() }))
describeScheduleFitContract('mongodb', () => createMongoStore({ uri, dbName: freshDatabase() }))
describeGlossaryContract('mongodb', () => createMongoStore({ uri, dbName: freshDatabase() }))
describeTokenContract('mongodb', () => createMongoStore({ uri, dbName: freshDatabase() }))
describeSecondFactorContract('mongodb', () => createMongoStore({ uri, dbName: freshDatabase() }))
describeSignInContract('mongodb', () => createMongoStore({ uri, dbName: freshDatabase() }))
describeOAuthContract('mongodb', () => createMongoStore({ uri, dbName: freshDatabase() }))

describe('mongodb store', () => {
  it('stores ten users registering at once through two instances, each with its own role', async () => {
    const [web1, web2] = storesOn(freshDatabase(), 2)
    const users = Array.from({ length: 10 }, () => makeUser({ role: 'learner' }))
    const created = await Promise.all(users.map((user, i) => (i % 2 ? web1! : web2!).users.create(user)))
    expect(created.map(user => user.role)).toEqual(users.map(() => 'learner'))
    const stored = await Promise.all(users.map(user => web1!.users.findById(user.id)))
    expect(stored.filter(user => user?.role === 'learner')).toHaveLength(10)
    expect(await web2!.users.count()).toBe(10)
  })

  it('keeps working on a database whose first user holds the seat \'first\' (made before the admin came from configuration)', async () => {
    const dbName = freshDatabase()
    const [store] = storesOn(dbName)
    await store!.users.count()
    const old = makeUser({ role: 'admin' })
    const { id, ...fields } = old
    await admin.useDb(dbName).collection('users').insertOne({ _id: id as never, ...fields, seat: 'first' })
    expect(await store!.users.findById(old.id)).toEqual(old)
    const next = await store!.users.create(makeUser())
    expect(await store!.users.findById(next.id)).toEqual(next)
  })

  it('creates its indexes before the first operation', async () => {
    const dbName = freshDatabase()
    const [store] = storesOn(dbName)
    await store!.users.count()
    const keysOf = async (collection: string) =>
      (await admin.useDb(dbName).collection(collection).listIndexes().toArray()).map(index => ({ key: index.key, unique: index.unique === true }))
    expect(await keysOf('users')).toEqual(expect.arrayContaining([{ key: { email: 1 }, unique: true }, { key: { seat: 1 }, unique: true }]))
    expect(await keysOf('documents')).toEqual(expect.arrayContaining([
      { key: { ownerId: 1, createdAt: -1, _id: -1 }, unique: false }, { key: { status: 1 }, unique: false },
    ]))
    expect(await keysOf('document_shares')).toEqual(expect.arrayContaining([{ key: { documentId: 1, userId: 1 }, unique: true }]))
    expect(await keysOf('invitations')).toEqual(expect.arrayContaining([
      { key: { kind: 1, targetId: 1, email: 1 }, unique: true }, { key: { email: 1, createdAt: 1, _id: 1 }, unique: false },
    ]))
    expect(await keysOf('atoms')).toEqual(expect.arrayContaining([{ key: { documentId: 1, order: 1 }, unique: false }]))
    expect(await keysOf('review_logs')).toEqual(expect.arrayContaining([
      { key: { _id: 1 }, unique: false }, { key: { userId: 1, reviewedAt: -1, _id: -1 }, unique: false },
    ]))
    expect(await keysOf('card_states')).toEqual(expect.arrayContaining([
      { key: { userId: 1, cardId: 1 }, unique: true }, { key: { userId: 1, due: 1 }, unique: false }, { key: { documentId: 1 }, unique: false },
    ]))
    expect(await keysOf('term_labels')).toEqual(expect.arrayContaining([{ key: { documentId: 1, _id: 1 }, unique: false }]))
  })

  it('enforces unique emails across two instances, also when both insert at once', async () => {
    const [web1, web2] = storesOn(freshDatabase(), 2)
    await web1!.users.create(makeUser({ email: 'taken@example.test' }))
    await expect(web2!.users.create(makeUser({ email: 'taken@example.test' }))).rejects.toBeInstanceOf(DuplicateKeyError)

    const results = await Promise.allSettled([web1!, web2!, web1!, web2!].map(store =>
      store.users.create(makeUser({ email: 'race@example.test' }))))
    expect(results.filter(result => result.status === 'fulfilled')).toHaveLength(1)
    for (const result of results) {
      if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(DuplicateKeyError)
    }
    expect(await web1!.users.count()).toBe(2)
  })

  it('lets two instances see each other\'s writes', async () => {
    const [web1, web2] = storesOn(freshDatabase(), 2)
    const owner = await web1!.users.create(makeUser())
    const reader = await web2!.users.create(makeUser())
    const document = makeDocument(owner.id)
    await web1!.documents.create(document)
    await web2!.documents.share(document.id, reader.id)
    const atoms = [makeAtom(document.id, 0), makeAtom(document.id, 1)]
    await web1!.atoms.upsertMany(atoms)

    expect(await web2!.users.findByEmail(owner.email)).toEqual(owner)
    expect(await web2!.documents.get(document.id)).toEqual(document)
    expect(await web1!.documents.readableIds(reader.id)).toEqual([document.id])
    expect((await web2!.atoms.listByDocument(document.id, { limit: 10 })).items).toEqual(atoms)

    const updated = await web2!.documents.update(document.id, { status: 'ready', atomCount: 2 }, { ifVersion: 1 })
    expect(await web1!.documents.get(document.id)).toEqual(updated)
    expect(await web1!.documents.delete(document.id)).toBe(true)
    expect(await web2!.documents.get(document.id)).toBeNull()
    expect(await web2!.documents.isSharedWith(document.id, reader.id)).toBe(false)
  })

  it('lets exactly one of many concurrent updates at the same version win', async () => {
    const [web1, web2] = storesOn(freshDatabase(), 2)
    const owner = await web1!.users.create(makeUser())
    for (let round = 0; round < 3; round++) {
      const document = makeDocument(owner.id, { version: 1 })
      await web1!.documents.create(document)
      const results = await Promise.all(Array.from({ length: 16 }, (_, i) =>
        (i % 2 ? web1! : web2!).documents.update(document.id, { version: 2, stage: `writer ${i}` }, { ifVersion: 1 })))
      const winners = results.filter((result, i) => result?.stage === `writer ${i}`)
      expect(winners).toHaveLength(1)
      expect(await web1!.documents.get(document.id)).toEqual({ ...document, version: 2, stage: winners[0]!.stage })
    }
  })

  it('loses no field when instances update one document at once (a job\'s progress and a cancel)', async () => {
    const [web1, web2] = storesOn(freshDatabase(), 2)
    const owner = await web1!.users.create(makeUser())
    for (let round = 0; round < 5; round++) {
      const document = makeDocument(owner.id, { status: 'processing', version: 4 })
      await web1!.documents.create(document)
      const patches: DocumentPatch[] = [
        { progress: 0.5 }, { title: 'Renamed' }, { atomCount: 9 }, { error: 'Cancelled.' }, { stage: 'storing' }, { size: 77 },
        { status: 'failed' }, { updatedAt: 'later' }, { fileKey: 'documents/x/v2' }, { filename: 'renamed.md' }, { format: 'text' },
      ]
      await Promise.all(patches.map((patch, i) => (i % 2 ? web1! : web2!).documents.update(document.id, patch, i % 3 ? {} : { ifVersion: 4 })))
      expect(await web2!.documents.get(document.id)).toEqual(Object.assign({ ...document }, ...patches))
    }
  })

  it('takes over the write claim of a crashed writer once it is stale', async () => {
    const dbName = freshDatabase()
    const [store] = storesOn(dbName)
    const owner = await store!.users.create(makeUser())
    const document = makeDocument(owner.id)
    await store!.documents.create(document)
    // A writer that claimed the document's first revision and died before writing.
    await admin.useDb(dbName).collection<DocumentWriteClaim>('document_write_claims')
      .insertOne({ _id: writeClaimId(document.id, 0, 0), documentId: document.id, at: new Date(Date.now() - 60_000) })
    expect(await store!.documents.update(document.id, { status: 'ready' })).toEqual({ ...document, status: 'ready' })
    await store!.documents.delete(document.id)
    expect(await admin.useDb(dbName).collection('document_write_claims').countDocuments()).toBe(0)
  })

  it('stores records without MongoDB\'s own fields and pages with the shared cursor', async () => {
    const dbName = freshDatabase()
    const [store] = storesOn(dbName)
    const owner = await store!.users.create(makeUser())
    const documents = [0, 1, 2].map(i => makeDocument(owner.id, { createdAt: `2026-03-0${i + 1}T00:00:00.000Z` }))
    for (const document of documents) await store!.documents.create(document)
    const page = await store!.documents.listByOwner(owner.id, { limit: 2 })
    expect(page.items.map(item => Object.keys(item).sort())).toEqual([Object.keys(documents[0]!).sort(), Object.keys(documents[0]!).sort()])
    expect(decodeCursor(page.nextCursor, documentCursorKey.shape)).toEqual([documents[1]!.createdAt, documents[1]!.id])
    const raw = await admin.useDb(dbName).collection<{ _id: string }>('documents').findOne({ _id: documents[0]!.id })
    expect(raw).toMatchObject({ _id: documents[0]!.id, createdAt: documents[0]!.createdAt })
    expect(raw).not.toHaveProperty('id')
  })

  it('reads a document stored before collections existed as in no collection, and moves it into one', async () => {
    const dbName = freshDatabase()
    const [store] = storesOn(dbName)
    const owner = await store!.users.create(makeUser())
    const { id, collectionId: _none, ...legacy } = makeDocument(owner.id)
    await store!.users.count()
    await admin.useDb(dbName).collection<Omit<StoredDocument, 'collectionId'>>('documents').insertOne({ _id: id, ...legacy, __v: 0 })
    expect(await store!.documents.get(id)).toEqual({ id, ...legacy, collectionId: null })
    expect((await store!.documents.listByOwner(owner.id, { limit: 5 })).items).toEqual([{ id, ...legacy, collectionId: null }])
    const collection = makeCollection(owner.id)
    await store!.collections.create(collection)
    expect(await store!.documents.update(id, { collectionId: collection.id })).toEqual({ id, ...legacy, collectionId: collection.id })
    expect(await store!.documents.countByCollections([collection.id])).toEqual(new Map([[collection.id, 1]]))
  })

  it('creates the collections\' indexes, shares unique per collection and user', async () => {
    const dbName = freshDatabase()
    const [store] = storesOn(dbName)
    await store!.users.count()
    const keysOf = async (collection: string) =>
      (await admin.useDb(dbName).collection(collection).listIndexes().toArray()).map(index => ({ key: index.key, unique: index.unique === true }))
    expect(await keysOf('collections')).toEqual(expect.arrayContaining([{ key: { ownerId: 1, createdAt: -1, _id: -1 }, unique: false }]))
    expect(await keysOf('collection_shares')).toEqual(expect.arrayContaining([
      { key: { collectionId: 1, userId: 1 }, unique: true }, { key: { userId: 1 }, unique: false },
    ]))
    expect(await keysOf('documents')).toEqual(expect.arrayContaining([{ key: { collectionId: 1, createdAt: -1, _id: -1 }, unique: false }]))
  })

  it('connects lazily and closes more than once without an error', async () => {
    const store = createMongoStore({ uri, dbName: freshDatabase() })
    await store.close()
    await expect(store.close()).resolves.toBeUndefined()
  })
})
