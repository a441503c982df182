/**
 * Server-side records of signed-in sessions. The sealed cookie says who the user is; the record says
 * the session is still valid, so signing out (or revoking every session of a user) takes effect everywhere.
 */
export interface SessionStore {
  readonly kind: string
  /** Records a session of the user, valid for `ttlSeconds`. */
  create(id: string, userId: string, ttlSeconds: number): Promise<void>
  /** Whether the session was created, has not expired and was not revoked. */
  exists(id: string): Promise<boolean>
  /** Ends one session; ending an unknown one is fine. */
  revoke(id: string): Promise<void>
  /** Ends every session of the user, on every instance. */
  revokeAllForUser(userId: string): Promise<void>
  close(): Promise<void>
}
