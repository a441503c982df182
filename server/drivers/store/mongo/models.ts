import { Schema, type Connection, type SchemaDefinitionProperty } from 'mongoose'
import type { Atom } from '../../../../shared/schemas/atom'
import type { TypeLabel } from '../../../../shared/schemas/atom-edit'
import { roles, ssoProviderIds } from '../../../../shared/schemas/auth'
import { collectionShareRoleSchema, type CollectionShareRole } from '../../../../shared/schemas/collection'
import { documentFormats, documentStatuses } from '../../../../shared/schemas/document'
import type { KeyTerm, TermLabel } from '../../../../shared/schemas/glossary'
import type { ScheduleFit } from '../../../../shared/schemas/schedule'
import type { CardState, ReviewLog } from '../../../../shared/schemas/study'
import { invitationKindSchema } from '../../../../shared/schemas/sharing'
import { apiScopes } from '../../../../shared/schemas/tokens'
import type { AccessTokenRecord, CollectionRecord, DocumentRecord, IdentityRecord, InvitationRecord, OAuthClientRecord, PasskeyRecord, PasswordResetRecord, SigningKeyRecord, TotpFactorRecord, UserRecord } from '../types'

/** A record as MongoDB holds it: its id is the `_id`. */
export type Stored<T extends { id: string }> = Omit<T, 'id'> & { _id: string }

/**
 * `seat` is the user's own id. Databases from before the admin came from configuration hold one user whose
 * seat is 'first' (its unique index once decided the first user, who became admin); the field and its index
 * stay so those databases keep working.
 */
export type StoredUser = Stored<UserRecord> & { seat: string }

/** `__v` counts writes; each write first claims the revision it starts from (see `DocumentWriteClaim`). */
export type StoredDocument = Stored<DocumentRecord> & { __v: number }

export type StoredAtom = Stored<Atom> & { embedding?: number[], embeddingVersion?: string }

export type StoredReview = Stored<ReviewLog>

/** One learner's state of one card; `_id` is `cardStateId(userId, cardId)`, so a replace by `_id` is an upsert per pair. */
export type StoredCardState = CardState & { _id: string, userId: string }

export function cardStateId(userId: string, cardId: string): string {
  return `${userId}:${cardId}`
}

/** `_id` is the label's time and a random suffix, so ids sort oldest first. */
export type StoredTypeLabel = TypeLabel & { _id: string }

/** A document's key terms; `_id` is the document's id. */
export interface StoredKeyTerms {
  _id: string
  keyTerms: KeyTerm[]
}

/** `_id` is the label's time, its place in its batch and a random suffix, so ids sort oldest first. */
export type StoredTermLabel = TermLabel & { _id: string }

/** A learner's latest fit; `_id` is the user's id. */
export type StoredScheduleFit = ScheduleFit & { _id: string }

export interface StoredShare {
  documentId: string
  userId: string
}

export type StoredCollection = Stored<CollectionRecord>

export type StoredInvitation = Stored<InvitationRecord>

export type StoredAccessToken = Stored<AccessTokenRecord>

/** A user's authenticator app; `_id` is the user's id. */
export type StoredTotpFactor = Omit<TotpFactorRecord, 'userId'> & { _id: string }

/**
 * The claim that a TOTP time step of a user was used: its unique `_id` (`userId:step`) lets only one of two
 * requests with the same code succeed, which a filter on `lastStep` alone cannot promise on FerretDB.
 */
export interface TotpStepClaim {
  _id: string
  userId: string
  step: number
}

/** A recovery code's hash (`_id`) and its user. */
export interface StoredRecoveryCode {
  _id: string
  userId: string
}

export type StoredPasskey = Stored<PasskeyRecord>

/** A run-time setting; `_id` is its key. */
export interface StoredSetting {
  _id: string
  value: unknown
}
/** `_id` is the provider and the subject, so a provider account is linked once. */
export type StoredIdentity = Omit<IdentityRecord, 'provider' | 'subject'> & { _id: string, provider: string, subject: string }

/** `_id` is the hash of the link's secret. */
export type StoredPasswordReset = Omit<PasswordResetRecord, 'hash'> & { _id: string }

export interface StoredCollectionShare {
  collectionId: string
  userId: string
  role: CollectionShareRole
}

/**
 * The right to write a document at one revision. FerretDB applies an update by reading the document,
 * changing it and replacing it by `_id`, so a filter on the version alone is not a compare-and-swap
 * there; the unique `_id` of this claim is. A claim left by a crashed writer goes stale, and the next
 * writer takes the following `generation` instead.
 */
export interface DocumentWriteClaim {
  _id: string
  documentId: string
  at: Date
}

export function writeClaimId(documentId: string, revision: number, generation: number): string {
  return `${documentId}:${revision}:${generation}`
}

/** One schema path for every field of the record but `id` (the `_id`): a new record field must be stored too. */
type PathsOf<T extends { id: string }> = { [K in Exclude<keyof T, 'id'>]-?: SchemaDefinitionProperty<T[K]> }

// Strings are not `required`: mongoose would refuse an empty one, which the records allow.
const userPaths: PathsOf<UserRecord> = {
  email: String,
  name: String,
  role: { type: String, enum: roles, required: true },
  passwordHash: String,
  createdAt: String,
  disabledAt: { type: String, default: null },
}

const documentPaths: PathsOf<DocumentRecord> = {
  ownerId: String,
  title: String,
  filename: String,
  format: { type: String, enum: Object.keys(documentFormats), required: true },
  size: { type: Number, required: true },
  fileKey: String,
  status: { type: String, enum: documentStatuses, required: true },
  progress: { type: Number, required: true },
  stage: { type: String, default: null },
  atomCount: { type: Number, required: true },
  error: { type: String, default: null },
  version: { type: Number, required: true },
  // Documents stored before collections existed have no such field; reads take a missing one as null.
  collectionId: { type: String, default: null },
  createdAt: String,
  updatedAt: String,
}

const collectionPaths: PathsOf<CollectionRecord> = {
  ownerId: String,
  name: String,
  description: { type: String, default: '' },
  createdAt: String,
  updatedAt: String,
}

// Times stay ISO strings, as the records have them: they round-trip exactly and sort like SQLite's.
const common = { id: false, minimize: false } as const

const userSchema = new Schema<StoredUser>({
  _id: String,
  ...userPaths,
  seat: { type: String, required: true },
}, { ...common, versionKey: false })
userSchema.index({ email: 1 }, { unique: true })
userSchema.index({ seat: 1 }, { unique: true })
userSchema.index({ createdAt: -1, _id: -1 })

const documentSchema = new Schema<StoredDocument>({ _id: String, ...documentPaths }, { ...common, versionKey: '__v' })
documentSchema.index({ ownerId: 1, createdAt: -1, _id: -1 })
documentSchema.index({ status: 1 })
documentSchema.index({ collectionId: 1, createdAt: -1, _id: -1 })

const collectionSchema = new Schema<StoredCollection>({ _id: String, ...collectionPaths }, { ...common, versionKey: false })
collectionSchema.index({ ownerId: 1, createdAt: -1, _id: -1 })

const collectionShareSchema = new Schema<StoredCollectionShare>({
  collectionId: { type: String, required: true },
  userId: { type: String, required: true },
  role: { type: String, enum: collectionShareRoleSchema.options, required: true },
}, { ...common, versionKey: false })
collectionShareSchema.index({ collectionId: 1, userId: 1 }, { unique: true })
collectionShareSchema.index({ userId: 1 })

// Invitations: shares waiting for their invitee, one per (kind, target, email).
const invitationPaths: PathsOf<InvitationRecord> = {
  kind: { type: String, enum: invitationKindSchema.options, required: true },
  targetId: { type: String, required: true },
  email: { type: String, required: true },
  role: { type: String, enum: collectionShareRoleSchema.options, required: true },
  inviterId: String,
  createdAt: String,
}
const invitationSchema = new Schema<StoredInvitation>({ _id: String, ...invitationPaths }, { ...common, versionKey: false })
invitationSchema.index({ kind: 1, targetId: 1, email: 1 }, { unique: true })
invitationSchema.index({ email: 1, createdAt: 1, _id: 1 })

// Personal access tokens, found by the hash of their secret; a family has each generation once, so a token is rotated once.
const accessTokenPaths: PathsOf<AccessTokenRecord> = {
  userId: { type: String, required: true },
  name: String,
  scopes: { type: [{ type: String, enum: apiScopes }], default: [] },
  hash: { type: String, required: true },
  lastFour: String,
  familyId: { type: String, required: true },
  generation: { type: Number, required: true },
  createdAt: String,
  expiresAt: String,
  lastUsedAt: { type: String, default: null },
  rotatedAt: { type: String, default: null },
  revokedAt: { type: String, default: null },
}
const accessTokenSchema = new Schema<StoredAccessToken>({ _id: String, ...accessTokenPaths }, { ...common, versionKey: false })
accessTokenSchema.index({ hash: 1 }, { unique: true })
accessTokenSchema.index({ familyId: 1, generation: 1 }, { unique: true })
accessTokenSchema.index({ userId: 1, createdAt: -1, _id: -1 })

// Second factors: sealed TOTP secrets, hashes of recovery codes, passkeys' public keys.
const totpFactorSchema = new Schema<StoredTotpFactor>({
  _id: String,
  sealedSecret: { type: String, required: true },
  createdAt: String,
  confirmedAt: { type: String, default: null },
  lastStep: { type: Number, default: null },
  lastUsedAt: { type: String, default: null },
}, { ...common, versionKey: false })

const totpStepClaimSchema = new Schema<TotpStepClaim>({
  _id: String,
  userId: { type: String, required: true },
  step: { type: Number, required: true },
}, { ...common, versionKey: false })
totpStepClaimSchema.index({ userId: 1, step: 1 })

const recoveryCodeSchema = new Schema<StoredRecoveryCode>({ _id: String, userId: { type: String, required: true } }, { ...common, versionKey: false })
recoveryCodeSchema.index({ userId: 1 })

const passkeyPaths: PathsOf<PasskeyRecord> = {
  userId: { type: String, required: true },
  name: String,
  publicKey: { type: String, required: true },
  counter: { type: Number, required: true },
  transports: { type: [String], default: [] },
  createdAt: String,
  lastUsedAt: { type: String, default: null },
}
const passkeySchema = new Schema<StoredPasskey>({ _id: String, ...passkeyPaths }, { ...common, versionKey: false })
passkeySchema.index({ userId: 1, createdAt: 1, _id: 1 })

const settingSchema = new Schema<StoredSetting>({ _id: String, value: Schema.Types.Mixed }, { ...common, versionKey: false })

// Provider accounts linked to users (single sign-on), and one-time password reset links.
const identitySchema = new Schema<StoredIdentity>({
  _id: String,
  provider: { type: String, enum: ssoProviderIds, required: true },
  subject: { type: String, required: true },
  userId: { type: String, required: true },
  email: { type: String, default: null },
  createdAt: String,
}, { ...common, versionKey: false })
identitySchema.index({ userId: 1, createdAt: 1 })

const passwordResetSchema = new Schema<StoredPasswordReset>({
  _id: String,
  userId: { type: String, required: true },
  createdAt: String,
  expiresAt: { type: String, required: true },
  usedAt: { type: String, default: null },
}, { ...common, versionKey: false })

/** The claim that uses a reset link: its unique `_id` (the link's hash) lets one use succeed, FerretDB too. */
const passwordResetUseSchema = new Schema<{ _id: string, at: string }>({ _id: String, at: String }, { ...common, versionKey: false })

// Machine clients of the OAuth client-credentials grant, and the keys that sign their access tokens.
const oauthClientPaths: PathsOf<OAuthClientRecord> = {
  name: String,
  scopes: { type: [{ type: String, enum: apiScopes }], default: [] },
  secretHash: { type: String, required: true },
  ownerId: { type: String, required: true },
  createdAt: String,
  revokedAt: { type: String, default: null },
}
const oauthClientSchema = new Schema<Stored<OAuthClientRecord>>({ _id: String, ...oauthClientPaths }, { ...common, versionKey: false })
oauthClientSchema.index({ createdAt: -1, _id: -1 })

const signingKeyPaths: PathsOf<SigningKeyRecord> = {
  algorithm: { type: String, required: true },
  publicJwk: { type: String, required: true },
  privateJwk: { type: String, required: true },
  createdAt: String,
  retiredAt: { type: String, default: null },
  expiresAt: { type: String, default: null },
}
const signingKeySchema = new Schema<Stored<SigningKeyRecord>>({ _id: String, ...signingKeyPaths }, { ...common, versionKey: false })

const shareSchema = new Schema<StoredShare>({
  documentId: { type: String, required: true },
  userId: { type: String, required: true },
}, { ...common, versionKey: false })
shareSchema.index({ documentId: 1, userId: 1 }, { unique: true })
shareSchema.index({ userId: 1 })

// Only what queries use is declared; the rest of the atom (typed by the shared zod schema) is kept as given.
const atomSchema = new Schema<StoredAtom>({
  _id: String,
  documentId: { type: String, required: true },
  order: { type: Number, required: true },
}, { ...common, versionKey: false, strict: false })
atomSchema.index({ documentId: 1, order: 1 })

// Reviews and card states, like atoms, declare only what queries use and keep the rest as the shared schema types it.
const reviewSchema = new Schema<StoredReview>({
  _id: String,
  userId: { type: String, required: true },
  reviewedAt: { type: String, required: true },
}, { ...common, versionKey: false, strict: false })
reviewSchema.index({ userId: 1, reviewedAt: -1, _id: -1 })

const cardStateSchema = new Schema<StoredCardState>({
  _id: String,
  userId: { type: String, required: true },
  cardId: { type: String, required: true },
  documentId: { type: String, required: true },
  due: { type: String, required: true },
}, { ...common, versionKey: false, strict: false })
cardStateSchema.index({ userId: 1, cardId: 1 }, { unique: true })
cardStateSchema.index({ userId: 1, due: 1 })
cardStateSchema.index({ documentId: 1 })

const typeLabelSchema = new Schema<StoredTypeLabel>({
  _id: String,
  atomId: { type: String, required: true },
  documentId: { type: String, required: true },
  text: String,
  type: { type: String, required: true },
  previousType: { type: String, required: true },
  userId: { type: String, required: true },
  at: { type: String, required: true },
}, { ...common, versionKey: false })

const keyTermsSchema = new Schema<StoredKeyTerms>({ _id: String }, { ...common, versionKey: false, strict: false })

const termLabelSchema = new Schema<StoredTermLabel>({
  _id: String,
  documentId: { type: String, required: true },
}, { ...common, versionKey: false, strict: false })
termLabelSchema.index({ documentId: 1, _id: 1 })

const scheduleFitSchema = new Schema<StoredScheduleFit>({ _id: String }, { ...common, versionKey: false, strict: false })

const writeClaimSchema = new Schema<DocumentWriteClaim>({
  _id: String,
  documentId: { type: String, required: true },
  at: { type: Date, required: true },
}, { ...common, versionKey: false })
writeClaimSchema.index({ documentId: 1 })

/** The store's models on one connection (each connection keeps its own registry). */
export function storeModels(connection: Connection) {
  return {
    users: connection.model('User', userSchema, 'users'),
    documents: connection.model('Document', documentSchema, 'documents'),
    shares: connection.model('Share', shareSchema, 'document_shares'),
    collections: connection.model('Collection', collectionSchema, 'collections'),
    collectionShares: connection.model('CollectionShare', collectionShareSchema, 'collection_shares'),
    invitations: connection.model('Invitation', invitationSchema, 'invitations'),
    atoms: connection.model('Atom', atomSchema, 'atoms'),
    typeLabels: connection.model('TypeLabel', typeLabelSchema, 'type_labels'),
    keyTerms: connection.model('KeyTerms', keyTermsSchema, 'key_terms'),
    termLabels: connection.model('TermLabel', termLabelSchema, 'term_labels'),
    writeClaims: connection.model('DocumentWriteClaim', writeClaimSchema, 'document_write_claims'),
    reviews: connection.model('Review', reviewSchema, 'review_logs'),
    cardStates: connection.model('CardState', cardStateSchema, 'card_states'),
    scheduleFits: connection.model('ScheduleFit', scheduleFitSchema, 'schedule_fits'),
    accessTokens: connection.model('AccessToken', accessTokenSchema, 'access_tokens'),
    totpFactors: connection.model('TotpFactor', totpFactorSchema, 'totp_factors'),
    totpStepClaims: connection.model('TotpStepClaim', totpStepClaimSchema, 'totp_step_claims'),
    recoveryCodes: connection.model('RecoveryCode', recoveryCodeSchema, 'recovery_codes'),
    passkeys: connection.model('Passkey', passkeySchema, 'passkeys'),
    settings: connection.model('Setting', settingSchema, 'settings'),
    identities: connection.model('Identity', identitySchema, 'user_identities'),
    passwordResets: connection.model('PasswordReset', passwordResetSchema, 'password_resets'),
    passwordResetUses: connection.model('PasswordResetUse', passwordResetUseSchema, 'password_reset_uses'),
    oauthClients: connection.model('OAuthClient', oauthClientSchema, 'oauth_clients'),
    signingKeys: connection.model('SigningKey', signingKeySchema, 'signing_keys'),
  }
}

export type StoreModels = ReturnType<typeof storeModels>
