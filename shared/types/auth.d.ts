import type { Role } from '../schemas/auth'

declare module '#auth-utils' {
  interface User {
    id: string
    email: string
    name: string
    role: Role
  }
}

export {}
