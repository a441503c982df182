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
    /** The server-side session record (server/drivers/sessions): signing out ends it. */
    sessionId: string
  }
}

export {}
