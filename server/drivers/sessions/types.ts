/** What the owner of a session sees of it: where it was opened, told apart from their other sessions. */
export interface SessionDetails {
  /** Such as "Desktop, macOS 15" or "Phone, Android 15". */
  device: string
  /** Such as "Firefox 140". */
  browser: string
  /** The client's address masked to its network: 203.0.113.x or 2001:db8:1234::/48. */
  place: string
}

/** A live session as stored; times in milliseconds since the epoch. */
export interface SessionRecord extends SessionDetails {
  id: string
  userId: string
  createdAt: number
  /** When a request last used it; written at most once a minute. */
  lastSeenAt: number
  /** When it ends unless used again: the idle timeout from the last use, never past the absolute timeout. */
  expiresAt: number
  /** When it ends whatever happens: the absolute timeout from its creation. */
  absoluteAt: number
}

export interface NewSessionOptions extends Partial<SessionDetails> {
  /** Ends this long after its last use (at most `ttlSeconds`). */
  idleSeconds?: number
}

/** Shown for a session made without details (made before sessions kept them). */
export const unknownDetails: SessionDetails = { device: 'Unknown device', browser: 'Unknown browser', place: 'Unknown place' }

/**
 * Server-side records of signed-in sessions. The sealed cookie says who the user is; the record says
 * the session is still valid, so signing out (or revoking every session of a user) takes effect everywhere.
 */
export interface SessionStore {
  readonly kind: string
  /** Records a session of the user, valid for at most `ttlSeconds` (its absolute timeout). */
  create(id: string, userId: string, ttlSeconds: number, options?: NewSessionOptions): Promise<void>
  /** Whether the session was created, has not expired and was not revoked. */
  exists(id: string): Promise<boolean>
  /** The live session, or null when it is unknown, expired or revoked. */
  find(id: string): Promise<SessionRecord | null>
  /** The user's live sessions, the most recently used first. */
  listForUser(userId: string): Promise<SessionRecord[]>
  /**
   * Marks the session used at `at` (ms): its idle timeout starts again from then, never past its absolute
   * timeout. Does nothing to a session that has ended.
   */
  touch(id: string, idleSeconds: number, at?: number): Promise<void>
  /** Ends one session; ending an unknown one is fine. */
  revoke(id: string): Promise<void>
  /** Ends every session of the user but `exceptId`, on every instance. */
  revokeAllForUser(userId: string, exceptId?: string): Promise<void>
  close(): Promise<void>
}

/** The expiry a new session starts with: its idle timeout, within its absolute one. */
export function initialExpiry(now: number, ttlSeconds: number, idleSeconds = ttlSeconds): { expiresAt: number, absoluteAt: number } {
  const absoluteAt = now + ttlSeconds * 1000
  return { absoluteAt, expiresAt: Math.min(absoluteAt, now + idleSeconds * 1000) }
}

/** Most recently used first. */
export const byLastSeen = (a: SessionRecord, b: SessionRecord) => b.lastSeenAt - a.lastSeenAt
