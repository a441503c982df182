import type { Role } from '../schemas/auth'

declare module '#auth-utils' {
  interface User {
    id: string
    email: string
    name: string
    role: Role
  }

  /** Sealed in the cookie, never sent to the browser's session endpoint. */
  interface SecureSessionData {
    /** The server-side session record (server/drivers/sessions): signing out ends it. None while a sign-in is pending. */
    sessionId?: string
    /** A correct password of an account with a second factor: no session yet, only the second step (server/utils/sign-in.ts). */
    pendingSignIn?: { userId: string, email: string, until: number }
    /** When the password was last checked again, for adding or removing a factor (ms since the epoch). */
    reauthenticatedAt?: number
  }

  interface UserSession {
    /** When the password (and second factor) last signed this session in (ms since the epoch). */
    loggedInAt?: number
    /** The MFA policy covers this account and it has no factor yet: the session may only enrol one. */
    mfaEnrolment?: boolean
  }
}

export {}
