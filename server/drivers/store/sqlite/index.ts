import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import type { DocumentStore } from '../types'
import { SqliteAtoms } from './atoms'
import { SqliteCardStates } from './card-states'
import { SqliteCollections } from './collections'
import { SqliteDocuments } from './documents'
import { SqliteInvitations } from './invitations'
import { SqliteIdentities } from './identities'
import { SqliteKeyTerms } from './key-terms'
import { SqlitePasswordResets } from './password-resets'
import { SqliteReviews } from './reviews'
import { SqliteScheduleFits } from './schedule-fits'
import { migrate } from './schema'
import { SqliteSecondFactors } from './second-factors'
import { SqliteSettings } from './settings'
import { SqliteTermLabels } from './term-labels'
import { SqliteOAuthClients, SqliteSigningKeys } from './oauth'
import { SqliteTokens } from './tokens'
import { SqliteTypeLabels } from './type-labels'
import { SqliteUsers } from './users'

/** SQLite file store: the embedded default, one file under the data folder. */
export function createSqliteStore(file: string): DocumentStore {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.pragma('busy_timeout = 5000')
  migrate(db)
  return {
    kind: 'sqlite',
    users: new SqliteUsers(db),
    documents: new SqliteDocuments(db),
    collections: new SqliteCollections(db),
    invitations: new SqliteInvitations(db),
    atoms: new SqliteAtoms(db),
    reviews: new SqliteReviews(db),
    cardStates: new SqliteCardStates(db),
    typeLabels: new SqliteTypeLabels(db),
    keyTerms: new SqliteKeyTerms(db),
    termLabels: new SqliteTermLabels(db),
    scheduleFits: new SqliteScheduleFits(db),
    tokens: new SqliteTokens(db),
    secondFactors: new SqliteSecondFactors(db),
    settings: new SqliteSettings(db),
    identities: new SqliteIdentities(db),
    passwordResets: new SqlitePasswordResets(db),
    oauthClients: new SqliteOAuthClients(db),
    signingKeys: new SqliteSigningKeys(db),
    async close() {
      if (db.open) db.close()
    },
  }
}
