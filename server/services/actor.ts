import type { Role } from '../../shared/schemas/auth'

/** Who is asking: the signed-in user, as every service sees them. */
export interface Actor {
  id: string
  role: Role
}
