import type { DocumentStore } from '../types'
import { MongoAtoms } from './atoms'
import { MongoCardStates } from './card-states'
import { MongoCollections } from './collections'
import { connectStore, type MongoStoreOptions } from './connection'
import { MongoDocuments } from './documents'
import { MongoInvitations } from './invitations'
import { MongoKeyTerms } from './key-terms'
import { MongoReviews } from './reviews'
import { MongoScheduleFits } from './schedule-fits'
import { MongoSecondFactors } from './second-factors'
import { MongoSettings } from './settings'
import { MongoTermLabels } from './term-labels'
import { MongoOAuthClients, MongoSigningKeys } from './oauth'
import { MongoTokens } from './tokens'
import { MongoIdentities } from './identities'
import { MongoPasswordResets } from './password-resets'
import { MongoTypeLabels } from './type-labels'
import { MongoUsers } from './users'

export type { MongoStoreOptions }

/**
 * MongoDB store (also FerretDB v1: no transactions, $lookup or server-side joins are used). Opens its own
 * connection; indexes are created once, before the first operation.
 */
export function createMongoStore(options: MongoStoreOptions): DocumentStore {
  const { connected, close } = connectStore(options)
  const documents = new MongoDocuments(connected)
  return {
    kind: 'mongodb',
    users: new MongoUsers(connected),
    documents,
    collections: new MongoCollections(connected, documents),
    invitations: new MongoInvitations(connected),
    atoms: new MongoAtoms(connected),
    reviews: new MongoReviews(connected),
    cardStates: new MongoCardStates(connected),
    typeLabels: new MongoTypeLabels(connected),
    keyTerms: new MongoKeyTerms(connected),
    termLabels: new MongoTermLabels(connected),
    scheduleFits: new MongoScheduleFits(connected),
    tokens: new MongoTokens(connected),
    secondFactors: new MongoSecondFactors(connected),
    settings: new MongoSettings(connected),
    identities: new MongoIdentities(connected),
    passwordResets: new MongoPasswordResets(connected),
    oauthClients: new MongoOAuthClients(connected),
    signingKeys: new MongoSigningKeys(connected),
    close,
  }
}
