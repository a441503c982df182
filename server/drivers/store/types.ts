import type { Role, SsoProviderId } from '../../../shared/schemas/auth'
import type { Atom } from '../../../shared/schemas/atom'
import type { TypeLabel } from '../../../shared/schemas/atom-edit'
import type { DocumentFormat, DocumentStatus } from '../../../shared/schemas/document'
import type { KeyTerm, TermLabel } from '../../../shared/schemas/glossary'
import type { Page } from '../../../shared/schemas/common'
import type { CollectionRole, CollectionShareRole } from '../../../shared/schemas/collection'
import type { ScheduleFit } from '../../../shared/schemas/schedule'
import type { InvitationKind } from '../../../shared/schemas/sharing'
import type { CardState, ReviewLog } from '../../../shared/schemas/study'
import type { ApiScope } from '../../../shared/schemas/tokens'

export type { InvitationKind }

export interface UserRecord {
  id: string
  email: string
  name: string
  role: Role
  passwordHash: string
  createdAt: string
  /** When an admin disabled the account; null while it may sign in. */
  disabledAt: string | null
}

export interface DocumentRecord {
  id: string
  ownerId: string
  title: string
  filename: string
  format: DocumentFormat
  size: number
  fileKey: string
  status: DocumentStatus
  progress: number
  stage: string | null
  atomCount: number
  error: string | null
  /** Bumped on each new upload of the content; jobs carry it so a stale job does nothing. */
  version: number
  /** The collection it is in; null for none. */
  collectionId: string | null
  createdAt: string
  updatedAt: string
}

export type DocumentPatch = Partial<Pick<DocumentRecord,
  'title' | 'status' | 'progress' | 'stage' | 'atomCount' | 'error' | 'version' | 'updatedAt' | 'fileKey' | 'filename' | 'format' | 'size' | 'collectionId'>>

export interface CollectionRecord {
  id: string
  ownerId: string
  name: string
  /** Empty when there is none. */
  description: string
  createdAt: string
  updatedAt: string
}

export type CollectionPatch = Partial<Pick<CollectionRecord, 'name' | 'description' | 'updatedAt'>>

/** A collection shared with a user, and as what. */
export type SharedCollection = CollectionRecord & { role: CollectionShareRole }

export interface CollectionShareRecord {
  userId: string
  role: CollectionShareRole
}

export interface PageOptions {
  cursor?: string
  limit: number
}

/** Which documents of a list, and in which order of creation (newest first unless asked otherwise). */
export interface DocumentListOptions extends PageOptions {
  statuses?: DocumentStatus[]
  order?: 'newest' | 'oldest'
}

export interface UserListOptions extends PageOptions {
  /** Part of the email or name, any case. */
  query?: string
  role?: Role
}

export interface UserRepository {
  /** Inserts the user as given; a taken email is a DuplicateKeyError. */
  create(user: UserRecord): Promise<UserRecord>
  findById(id: string): Promise<UserRecord | null>
  findByEmail(email: string): Promise<UserRecord | null>
  setRole(id: string, role: Role): Promise<UserRecord | null>
  /** `at` disables the account, null enables it again; null when there is no such user. */
  setDisabled(id: string, at: string | null): Promise<UserRecord | null>
  setPasswordHash(id: string, passwordHash: string): Promise<void>
  count(): Promise<number>
  /** Newest first. */
  list(options: UserListOptions): Promise<Page<UserRecord>>
}

export interface DocumentRepository {
  create(document: DocumentRecord): Promise<void>
  get(id: string): Promise<DocumentRecord | null>
  /** In the order given; missing ids are skipped. */
  getMany(ids: string[]): Promise<DocumentRecord[]>
  listByOwner(ownerId: string, options: DocumentListOptions): Promise<Page<DocumentRecord>>
  listSharedWith(userId: string, options: DocumentListOptions): Promise<Page<DocumentRecord>>
  /** The documents in the collection. */
  listByCollection(collectionId: string, options: DocumentListOptions): Promise<Page<DocumentRecord>>
  /** How many documents each of the collections holds (0 for those holding none). */
  countByCollections(collectionIds: string[]): Promise<Map<string, number>>
  listByStatus(statuses: DocumentStatus[]): Promise<DocumentRecord[]>
  /**
   * Applies the patch and returns the document as it now is; null when there is no such document or, with
   * `ifVersion`, when the document is not at that version (then nothing is written).
   */
  update(id: string, patch: DocumentPatch, options?: { ifVersion?: number }): Promise<DocumentRecord | null>
  /** Also removes its shares. */
  delete(id: string): Promise<boolean>
  share(documentId: string, userId: string): Promise<void>
  unshare(documentId: string, userId: string): Promise<void>
  isSharedWith(documentId: string, userId: string): Promise<boolean>
  /** The ids of the users the document is shared with, in id order. */
  sharedWith(documentId: string): Promise<string[]>
  /** Ids of every document the user owns, has been given, or finds in a collection they own or were given. */
  readableIds(userId: string): Promise<string[]>
}

export interface CollectionRepository {
  create(collection: CollectionRecord): Promise<void>
  get(id: string): Promise<CollectionRecord | null>
  /** Newest first. */
  listByOwner(ownerId: string, page: PageOptions): Promise<Page<CollectionRecord>>
  /** Newest first, each with the role it was shared as. */
  listSharedWith(userId: string, page: PageOptions): Promise<Page<SharedCollection>>
  /** Applies the patch and returns the collection as it now is; null when there is no such collection. */
  update(id: string, patch: CollectionPatch): Promise<CollectionRecord | null>
  /** Also removes its shares; its documents stay, in no collection. */
  delete(id: string): Promise<boolean>
  /** Shares the collection with the user as `role`, or changes the role it is shared as. */
  share(collectionId: string, userId: string, role: CollectionShareRole): Promise<void>
  unshare(collectionId: string, userId: string): Promise<void>
  shares(collectionId: string): Promise<CollectionShareRecord[]>
  /** 'owner' for its owner, the role it is shared as, or null (also for a missing collection). */
  roleOf(collectionId: string, userId: string): Promise<CollectionRole | null>
}

/**
 * A share waiting for its invitee: made by the owner for an email, whether or not it has an account, and
 * turned into a share only when the account with that email accepts it.
 */
export interface InvitationRecord {
  id: string
  /** A collection (shared as viewer or editor) or a document (as viewer). */
  kind: InvitationKind
  /** The collection's or the document's id. */
  targetId: string
  /** Lower-cased, as the owner typed it. */
  email: string
  role: CollectionShareRole
  inviterId: string
  createdAt: string
}

/** Pending invitations: at most one per (kind, target, email). */
export interface InvitationRepository {
  /**
   * Stores the invitation; when one is already pending for the same kind, target and email, that one keeps
   * its id and takes this role instead. Returns the invitation as stored.
   */
  put(invitation: InvitationRecord): Promise<InvitationRecord>
  get(id: string): Promise<InvitationRecord | null>
  /** Those for the email, oldest first. */
  listByEmail(email: string): Promise<InvitationRecord[]>
  /** Those of one collection or document, oldest first. */
  listByTarget(kind: InvitationKind, targetId: string): Promise<InvitationRecord[]>
  /** Says whether it was there. */
  delete(id: string): Promise<boolean>
  /** Removes every invitation of a collection or document; says how many went. */
  deleteByTarget(kind: InvitationKind, targetId: string): Promise<number>
}

/**
 * An atom as written to the store: with its embedding (a unit vector of its meaning) when it has one. Reads
 * for display leave the vector out (it is large, and only search and links use it); `embeddings` reads it.
 */
export type AtomRecord = Atom & {
  embedding?: number[]
  /** The version of the text encoder that made `embedding`: vectors of two encoders are never compared. */
  embeddingVersion?: string
}

/** The atom as readers get it (API answers, live events): without the vector. */
export const withoutEmbedding = ({ embedding: _embedding, embeddingVersion: _version, ...atom }: AtomRecord): Atom => atom

/** A stored vector and the version of the encoder that made it (none for vectors stored before versions were kept). */
export interface StoredEmbedding {
  vector: number[]
  version?: string
}

/** A new vector for an atom, made from this title and text. */
export interface EmbeddingUpdate {
  id: string
  title: string
  text: string
  embedding: number[]
  embeddingVersion: string
}

export interface AtomRepository {
  /** Inserts or replaces by id, the embedding with the atom (an atom given without one then has none). */
  upsertMany(atoms: AtomRecord[]): Promise<void>
  get(id: string): Promise<Atom | null>
  /** In the order given; missing ids are skipped. */
  getMany(ids: string[]): Promise<Atom[]>
  /** By `order`. */
  listByDocument(documentId: string, page: PageOptions): Promise<Page<Atom>>
  /** One page of each document's atoms (as `listByDocument` with that cursor and `limit`), in the order asked, in one call. */
  listByDocuments(pages: { documentId: string, cursor?: string }[], limit: number): Promise<Page<Atom>[]>
  /** Removes the document's atoms, except those with the ids in `except`; says how many went. */
  deleteByDocument(documentId: string, options?: { except?: string[] }): Promise<number>
  /** The embeddings of these atoms; atoms without one (or missing) are left out. */
  embeddings(ids: string[]): Promise<Map<string, StoredEmbedding>>
  /**
   * Replaces the vectors of existing atoms (never creates one), each only while the atom still has the title
   * and text it was made from: an atom edited meanwhile keeps the vector its edit gave it. Says how many changed.
   */
  setEmbeddings(updates: EmbeddingUpdate[]): Promise<number>
  /** Atoms (with their vectors) whose vector is missing or not of this encoder version, by id after `afterId`. */
  withStaleEmbeddings(version: string, options: { afterId?: string, limit: number }): Promise<AtomRecord[]>
  count(): Promise<number>
  /** Every atom with its embedding, a batch at a time, for rebuilding the search index. */
  scan(batchSize: number): AsyncIterable<AtomRecord[]>
}

/** A learner's review history: append-only, one entry per review id ever sent. */
export interface ReviewRepository {
  /**
   * Stores the logs whose ids are not stored yet and returns the ids stored by this call. Exactly once:
   * of several calls with the same id, even at the same time, exactly one stores it.
   */
  appendMany(logs: ReviewLog[]): Promise<string[]>
  /** Which of these review ids the user has stored already. */
  storedIds(userId: string, ids: string[]): Promise<string[]>
  /** Newest first by `reviewedAt`; with `since`, only reviews at or after that time. */
  listByUser(userId: string, page: PageOptions, options?: { since?: string }): Promise<Page<ReviewLog>>
  /** How many reviews the user has stored. */
  countByUser(userId: string): Promise<number>
  /** How many reviews are stored, of every learner. */
  count(): Promise<number>
  /** Every learner's reviews, a batch at a time (by id), for learning from how learners fare. */
  scan(batchSize: number): AsyncIterable<ReviewLog[]>
}

/** Each learner's current state of each card they reviewed: one per (user, card). */
export interface CardStateRepository {
  /** Missing cards are skipped; in no particular order. */
  getMany(userId: string, cardIds: string[]): Promise<CardState[]>
  /** Inserts or replaces by (user, card). */
  upsertMany(userId: string, states: CardState[]): Promise<void>
  /** Soonest due first; optionally only those of some documents, or due at or before a time. */
  listByUser(userId: string, options?: { documentIds?: string[], dueBefore?: string }): Promise<CardState[]>
  /** Every learner's states of the document's cards (the review logs stay: they are the learners' history). */
  deleteByDocument(documentId: string): Promise<number>
}

/** Append-only record of authors' type corrections (training labels); labels outlive their atoms. */
export interface TypeLabelRepository {
  append(label: TypeLabel): Promise<void>
  /** Every label, oldest first, a batch at a time. */
  scan(batchSize: number): AsyncIterable<TypeLabel[]>
}

/** Each document's key terms (its glossary), best first: replaced whole after processing and after edits. */
export interface KeyTermRepository {
  /** Null when none were stored for the document. */
  get(documentId: string): Promise<KeyTerm[] | null>
  /** Of the documents that have some stored. */
  getMany(documentIds: string[]): Promise<Map<string, KeyTerm[]>>
  put(documentId: string, keyTerms: KeyTerm[]): Promise<void>
  deleteByDocument(documentId: string): Promise<void>
}

/** Append-only record of authors' corrections of key terms and definitions (training labels); labels outlive their atoms. */
export interface TermLabelRepository {
  append(labels: TermLabel[]): Promise<void>
  /** The document's labels, oldest first. */
  listByDocument(documentId: string): Promise<TermLabel[]>
  /** Every label, oldest first, a batch at a time. */
  scan(batchSize: number): AsyncIterable<TermLabel[]>
}

/** Each learner's latest fitted FSRS parameters: one per user, replaced by each new fit. */
export interface ScheduleFitRepository {
  get(userId: string): Promise<ScheduleFit | null>
  put(userId: string, fit: ScheduleFit): Promise<void>
}

/**
 * A personal access token as stored: only the SHA-256 of its secret, which a request's bearer token is looked
 * up by, and the secret's last four characters for display.
 */
export interface AccessTokenRecord {
  id: string
  userId: string
  name: string
  scopes: ApiScope[]
  /** Hex SHA-256 of the whole secret. */
  hash: string
  lastFour: string
  /** Shared by a token and every token rotated from it: reusing a rotated token revokes them all. */
  familyId: string
  /**
   * 0 for the first of a family, one more for each rotation. Unique within the family: of two rotations of
   * one token at the same time, only one stores its successor.
   */
  generation: number
  createdAt: string
  expiresAt: string
  lastUsedAt: string | null
  /** When a rotation replaced it; from then on, presenting it revokes the family. */
  rotatedAt: string | null
  revokedAt: string | null
}

/** Personal access tokens. */
export interface AccessTokenRepository {
  /** Throws `DuplicateKeyError` when its family has that generation already (the token it replaces was rotated). */
  create(token: AccessTokenRecord): Promise<void>
  get(id: string): Promise<AccessTokenRecord | null>
  findByHash(hash: string): Promise<AccessTokenRecord | null>
  /** The user's tokens neither rotated nor revoked (expired ones included), newest first. */
  listCurrent(userId: string): Promise<AccessTokenRecord[]>
  /** Sets the last-used time to `at` unless it is already at or after `notBefore` (a cheap, rare write). */
  touch(id: string, at: string, notBefore: string): Promise<void>
  markRotated(id: string, at: string): Promise<void>
  /** Says whether it was still unrevoked. */
  revoke(id: string, at: string): Promise<boolean>
  /** Revokes every unrevoked token of the family; says how many. */
  revokeFamily(familyId: string, at: string): Promise<number>
}

/** A provider account (single sign-on) linked to a user: one user per provider account. */
export interface IdentityRecord {
  provider: SsoProviderId
  /** The provider's stable id of the account (`sub`). */
  subject: string
  userId: string
  email: string | null
  createdAt: string
}

export interface IdentityRepository {
  /** Throws `DuplicateKeyError` when the provider account is linked already. */
  create(identity: IdentityRecord): Promise<void>
  find(provider: SsoProviderId, subject: string): Promise<IdentityRecord | null>
  /** Oldest first. */
  listByUser(userId: string): Promise<IdentityRecord[]>
  /** Says whether the user had that provider linked. */
  remove(userId: string, provider: SsoProviderId): Promise<boolean>
}

/** A one-time password reset link, stored as the SHA-256 of its secret. */
export interface PasswordResetRecord {
  /** Hex SHA-256 of the secret. */
  hash: string
  userId: string
  createdAt: string
  expiresAt: string
  usedAt: string | null
}

export interface PasswordResetRepository {
  create(reset: PasswordResetRecord): Promise<void>
  /**
   * Marks the link used if it is unused and not expired at `at`, and returns it; null otherwise. Atomic: of two
   * uses at once, one succeeds.
   */
  use(hash: string, at: string): Promise<PasswordResetRecord | null>
}

/**
 * A user's authenticator app (one per user). The secret is sealed (server/services/mfa/secret-box.ts), never
 * stored in the clear; `lastStep` is the last time step whose code was accepted, so no code works twice.
 */
export interface TotpFactorRecord {
  userId: string
  sealedSecret: string
  createdAt: string
  /** Null until a first code confirms the app holds the secret; until then it is no factor. */
  confirmedAt: string | null
  lastStep: number | null
  lastUsedAt: string | null
}

/** A WebAuthn credential (passkey); its id is the credential id the authenticator gave, base64url. */
export interface PasskeyRecord {
  id: string
  userId: string
  name: string
  /** COSE public key, base64url. */
  publicKey: string
  /** The authenticator's signature counter, which only grows (0 for authenticators that keep none). */
  counter: number
  transports: string[]
  createdAt: string
  lastUsedAt: string | null
}

/** Second factors: authenticator apps, recovery codes (hashes only) and passkeys. */
export interface SecondFactorRepository {
  /** Stores the user's authenticator app, replacing any earlier one. */
  putTotp(factor: TotpFactorRecord): Promise<void>
  getTotp(userId: string): Promise<TotpFactorRecord | null>
  confirmTotp(userId: string, at: string): Promise<void>
  /**
   * Accepts the code of time step `step` once: says false when this step or a later one was accepted
   * before (a replayed code), else records it as the last step.
   */
  useTotpStep(userId: string, step: number, at: string): Promise<boolean>
  /** Says whether there was one. */
  removeTotp(userId: string): Promise<boolean>
  /** The user's recovery codes become these (a salted hash of each, each unique); the earlier ones stop working. */
  replaceRecoveryCodes(userId: string, hashes: string[]): Promise<void>
  /** The stored hashes of the user's unused recovery codes. */
  listRecoveryCodes(userId: string): Promise<string[]>
  /** Uses up one recovery code by its stored hash: true once, false for an unknown or used one. */
  useRecoveryCode(userId: string, hash: string): Promise<boolean>
  countRecoveryCodes(userId: string): Promise<number>
  removeRecoveryCodes(userId: string): Promise<void>
  /** Throws `DuplicateKeyError` for a credential id stored already. */
  addPasskey(passkey: PasskeyRecord): Promise<void>
  getPasskey(id: string): Promise<PasskeyRecord | null>
  /** The user's passkeys, oldest first. */
  listPasskeys(userId: string): Promise<PasskeyRecord[]>
  /** After a sign-in with it: its new counter and last-used time. */
  usePasskey(id: string, counter: number, at: string): Promise<void>
  /** Says whether the user had it. */
  removePasskey(userId: string, id: string): Promise<boolean>
}

/** Settings admins change at run time (the MFA policy), as JSON values by key. */
export interface SettingsRepository {
  get(key: string): Promise<unknown>
  put(key: string, value: unknown): Promise<void>
}

/** A machine client an admin registered: only the SHA-256 of its secret is kept. */
export interface OAuthClientRecord {
  id: string
  name: string
  scopes: ApiScope[]
  /** Hex SHA-256 of the secret. */
  secretHash: string
  /** The admin who registered it; its tokens act for that account. */
  ownerId: string
  createdAt: string
  revokedAt: string | null
}

/** Machine clients of the OAuth 2.0 client-credentials grant. */
export interface OAuthClientRepository {
  create(client: OAuthClientRecord): Promise<void>
  get(id: string): Promise<OAuthClientRecord | null>
  /** Every client, the newest first. */
  list(): Promise<OAuthClientRecord[]>
  /** Says whether it was still unrevoked. */
  revoke(id: string, at: string): Promise<boolean>
}

/** A key that signs (or signed) access tokens, as JWKs. */
export interface SigningKeyRecord {
  /** The `kid`. */
  id: string
  algorithm: string
  /** JSON of the public JWK. */
  publicJwk: string
  /** JSON of the private JWK. */
  privateJwk: string
  createdAt: string
  /** When a newer key took over signing; null while it signs. */
  retiredAt: string | null
  /** From then on it neither verifies nor is published (the end of its grace period); null while it signs. */
  expiresAt: string | null
}

/** The keys of the token endpoint, shared by every instance. */
export interface SigningKeyRepository {
  create(key: SigningKeyRecord): Promise<void>
  /** Keys that have not expired at `now`, the newest first. */
  listUsable(now: string): Promise<SigningKeyRecord[]>
  /** Retires every key still signing but `keepId`, each expiring at `expiresAt`. */
  retireAllBut(keepId: string, at: string, expiresAt: string): Promise<void>
  /** Deletes keys expired at `now`; says how many. */
  removeExpired(now: string): Promise<number>
}

/**
 * Durable store of users, documents, collections, shares, invitations, atoms, documents' key terms, reviews,
 * card states, type and term labels, schedule fits, personal access tokens, second factors and settings.
 */
export interface DocumentStore {
  readonly kind: string
  readonly users: UserRepository
  readonly documents: DocumentRepository
  readonly collections: CollectionRepository
  readonly invitations: InvitationRepository
  readonly atoms: AtomRepository
  readonly reviews: ReviewRepository
  readonly cardStates: CardStateRepository
  readonly typeLabels: TypeLabelRepository
  readonly keyTerms: KeyTermRepository
  readonly termLabels: TermLabelRepository
  readonly scheduleFits: ScheduleFitRepository
  readonly tokens: AccessTokenRepository
  readonly secondFactors: SecondFactorRepository
  readonly settings: SettingsRepository
  readonly identities: IdentityRepository
  readonly passwordResets: PasswordResetRepository
  readonly oauthClients: OAuthClientRepository
  readonly signingKeys: SigningKeyRepository
  close(): Promise<void>
}

/** Thrown when a unique key (a user's email) is taken. */
export class DuplicateKeyError extends Error {
  constructor(readonly key: string) {
    super(`duplicate key: ${key}`)
    this.name = 'DuplicateKeyError'
  }
}
