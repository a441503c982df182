import type { AppConfig } from '../config'
import type { Drivers } from '../drivers'
import { problems } from '../errors'
import type { ApiScope } from '../../shared/schemas/tokens'
import type { Actor } from '../services/actor'
import type { Loaders } from './loaders'

/** What the HTTP layer hands each request: who is asking (null when not signed in). */
export interface GraphqlServerContext {
  actor: Actor | null
  /** What the caller may do: a token's scopes, or all its role allows with the session cookie (scopes.ts checks them). */
  scopes: readonly ApiScope[]
  /** The session the request came with, none with a bearer token: live subscriptions end with it. */
  sessionId?: string
  /** Or the access token it came with: live subscriptions end once it stops working. */
  tokenId?: string
  /** Or the machine client's access token: live subscriptions end once it expires or the client is revoked. */
  client?: { id: string, expiresAt: number }
}

/** What every resolver sees. */
export interface GraphqlContext extends GraphqlServerContext {
  drivers: Drivers
  config: AppConfig
  loaders: Loaders
}

/** The signed-in actor; everything but the schema itself is private. */
export function signedIn(context: GraphqlContext): Actor {
  if (!context.actor) throw problems.unauthorized()
  return context.actor
}
