import type { Role } from '../../../shared/schemas/auth'
import type { Atom } from '../../../shared/schemas/atom'
import type { TypeLabel } from '../../../shared/schemas/atom-edit'
import type { DocumentFormat, DocumentStatus } from '../../../shared/schemas/document'
import type { Page } from '../../../shared/schemas/common'

export interface UserRecord {
  id: string
  email: string
  name: string
  role: Role
  passwordHash: string
  createdAt: string
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
  createdAt: string
  updatedAt: string
}

export type DocumentPatch = Partial<Pick<DocumentRecord,
  'title' | 'status' | 'progress' | 'stage' | 'atomCount' | 'error' | 'version' | 'updatedAt' | 'fileKey' | 'filename' | 'format' | 'size'>>

export interface PageOptions {
  cursor?: string
  limit: number
}

export interface UserRepository {
  /** Inserts the user; when `adminIfFirst` and no user exists yet, the user becomes admin atomically. */
  create(user: UserRecord, options?: { adminIfFirst?: boolean }): Promise<UserRecord>
  findById(id: string): Promise<UserRecord | null>
  findByEmail(email: string): Promise<UserRecord | null>
  setRole(id: string, role: Role): Promise<UserRecord | null>
  count(): Promise<number>
}

export interface DocumentRepository {
  create(document: DocumentRecord): Promise<void>
  get(id: string): Promise<DocumentRecord | null>
  /** Newest first. */
  listByOwner(ownerId: string, page: PageOptions): Promise<Page<DocumentRecord>>
  /** Newest first. */
  listSharedWith(userId: string, page: PageOptions): Promise<Page<DocumentRecord>>
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
  /** Ids of every document the user owns or has been given. */
  readableIds(userId: string): Promise<string[]>
}

export interface AtomRepository {
  /** Inserts or replaces by id. */
  upsertMany(atoms: Atom[]): Promise<void>
  get(id: string): Promise<Atom | null>
  /** In the order given; missing ids are skipped. */
  getMany(ids: string[]): Promise<Atom[]>
  /** By `order`. */
  listByDocument(documentId: string, page: PageOptions): Promise<Page<Atom>>
  /** Removes the document's atoms, except those with the ids in `except`; says how many went. */
  deleteByDocument(documentId: string, options?: { except?: string[] }): Promise<number>
  count(): Promise<number>
  /** Every atom, a batch at a time, for rebuilding the search index. */
  scan(batchSize: number): AsyncIterable<Atom[]>
}

/** Append-only record of authors' type corrections (training labels); labels outlive their atoms. */
export interface TypeLabelRepository {
  append(label: TypeLabel): Promise<void>
  /** Every label, oldest first, a batch at a time. */
  scan(batchSize: number): AsyncIterable<TypeLabel[]>
}

/** Durable store of users, documents, shares, atoms and type labels. */
export interface DocumentStore {
  readonly kind: string
  readonly users: UserRepository
  readonly documents: DocumentRepository
  readonly atoms: AtomRepository
  readonly typeLabels: TypeLabelRepository
  close(): Promise<void>
}

/** Thrown when a unique key (a user's email) is taken. */
export class DuplicateKeyError extends Error {
  constructor(readonly key: string) {
    super(`duplicate key: ${key}`)
    this.name = 'DuplicateKeyError'
  }
}
