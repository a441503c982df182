import type { Role } from '../../shared/schemas/auth'
import type { ApiScope, OperationScope } from '../../shared/schemas/tokens'
import { problems } from '../errors'
import type { Actor } from './actor'

/**
 * Who is calling and with what: a cookie session holds every scope its user's role allows; a bearer token
 * (a personal access token, or a machine client's JWT access token) holds its own scopes, at most those. REST, GraphQL and the WebSocket all check an operation's scope with
 * `requireScope`, the one place that decides.
 */
export type Caller = { actor: Actor, scopes: readonly ApiScope[] }
  & ({ via: 'session', sessionId: string, enrolmentOnly?: boolean } | { via: 'token', tokenId: string } | { via: 'client', clientId: string, expiresAt: number })

/**
 * The role a caller acts with: an admin's token without the `admin` scope acts as an author, so the
 * admin-only rules of the services (which look at the role) refuse it too.
 */
export function actingRole(role: Role, scopes: readonly ApiScope[]): Role {
  return role === 'admin' && !scopes.includes('admin') ? 'author' : role
}

/** Refuses (403 problem details) a caller who lacks what the operation needs. */
export function requireScope(caller: Pick<Caller, 'scopes' | 'via'> & { enrolmentOnly?: boolean }, needs: OperationScope): void {
  if (needs === 'public') return
  // A session of an account that must set up a second factor (the MFA policy) may do nothing else.
  if (caller.enrolmentOnly && needs !== 'enrolment') throw problems.mfaEnrolmentRequired()
  if (needs === 'signed-in') return
  if (needs === 'session' || needs === 'enrolment') {
    if (caller.via !== 'session') throw problems.forbidden('This operation needs a signed-in session; an access token cannot manage tokens.')
    return
  }
  if (!caller.scopes.includes(needs)) throw problems.forbidden(`This operation needs the scope ${needs}.`)
}
