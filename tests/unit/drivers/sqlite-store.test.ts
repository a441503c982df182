import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { createSqliteStore } from '../../../server/drivers/store/sqlite'
import { describeGlossaryContract } from '../../contracts/glossary.contract'
import { describeScheduleFitContract } from '../../contracts/schedule-fits.contract'
import { describeSecondFactorContract } from '../../contracts/second-factors.contract'
import { describeSignInContract } from '../../contracts/sign-in.contract'
import { describeOAuthContract } from '../../contracts/oauth.contract'
import { describeTokenContract } from '../../contracts/tokens.contract'
import { describeStoreContract, describeTypeLabelContract, makeAtom, makeCollection, makeDocument, makeUser } from '../../contracts/store.contract'

const root = mkdtempSync(join(tmpdir(), 'atomizer-sqlite-'))
let files = 0
const freshFile = () => join(root, `store-${files++}`, 'atomizer.sqlite')

afterAll(() => rmSync(root, { recursive: true, force: true }))

describeStoreContract('sqlite file', () => createSqliteStore(freshFile()))
describeStoreContract('sqlite in memory', () => createSqliteStore(':memory:'))
describeTypeLabelContract('sqlite file', () => createSqliteStore(freshFile()))
describeScheduleFitContract('sqlite file', () => createSqliteStore(freshFile()))
describeGlossaryContract('sqlite file', () => createSqliteStore(freshFile()))
describeTokenContract('sqlite file', () => createSqliteStore(freshFile()))
describeSecondFactorContract('sqlite file', () => createSqliteStore(freshFile()))
describeSignInContract('sqlite file', () => createSqliteStore(freshFile()))
describeOAuthContract('sqlite file', () => createSqliteStore(freshFile()))

describe('sqlite store', () => {
  it('keeps users, documents, shares and atoms across close and reopen of the same file', async () => {
    const file = freshFile()
    const store = createSqliteStore(file)
    const owner = await store.users.create(makeUser({ role: 'admin' }))
    const reader = await store.users.create(makeUser())
    const document = makeDocument(owner.id, { status: 'ready', atomCount: 2 })
    await store.documents.create(document)
    await store.documents.share(document.id, reader.id)
    const atoms = [makeAtom(document.id, 0), makeAtom(document.id, 1)]
    await store.atoms.upsertMany(atoms)
    await store.close()

    const reopened = createSqliteStore(file)
    try {
      expect(await reopened.users.findById(owner.id)).toEqual(owner)
      expect(await reopened.users.findByEmail(reader.email)).toEqual(reader)
      expect(await reopened.documents.get(document.id)).toEqual(document)
      expect(await reopened.documents.isSharedWith(document.id, reader.id)).toBe(true)
      expect((await reopened.atoms.listByDocument(document.id, { limit: 10 })).items).toEqual(atoms)
    }
    finally {
      await reopened.close()
    }
  })

  it('adds collections to a database made before them, reading its documents as in none, and again without harm', async () => {
    const file = freshFile()
    const store = createSqliteStore(file)
    const owner = await store.users.create(makeUser())
    const document = makeDocument(owner.id)
    await store.documents.create(document)
    await store.close()
    // Back to the first schema version, as a database made before collections.
    const raw = new Database(file)
    raw.exec(`DROP INDEX documents_collection; ALTER TABLE documents DROP COLUMN collection_id;
      DROP TABLE collections; DROP TABLE collection_shares; PRAGMA user_version = 1`)
    raw.close()

    const migrated = createSqliteStore(file)
    expect(await migrated.documents.get(document.id)).toEqual({ ...document, collectionId: null })
    const collection = makeCollection(owner.id)
    await migrated.collections.create(collection)
    await migrated.documents.update(document.id, { collectionId: collection.id })
    await migrated.close()
    // A migration counted under another number (merged branches) may run over what it already made.
    const rewound = new Database(file)
    rewound.pragma('user_version = 1')
    rewound.close()
    const again = createSqliteStore(file)
    try {
      expect(await again.documents.get(document.id)).toEqual({ ...document, collectionId: collection.id })
      expect(await again.collections.get(collection.id)).toEqual(collection)
    }
    finally {
      await again.close()
    }
  })

  it('creates the folder of the database file', async () => {
    const store = createSqliteStore(join(root, 'deep', 'er', 'folder', 'atomizer.sqlite'))
    await store.users.create(makeUser())
    expect(await store.users.count()).toBe(1)
    await store.close()
  })

  it('closes more than once without an error', async () => {
    const store = createSqliteStore(freshFile())
    await store.close()
    await expect(store.close()).resolves.toBeUndefined()
  })
})
