import { z } from 'zod'
import type { Role } from './auth'

/**
 * What a personal access token may do. A token acts for its user with at most these; a cookie session has
 * every scope its role allows (`scopesOfRole`).
 */
export const apiScopes = ['documents:read', 'documents:write', 'study:read', 'study:write', 'admin'] as const
export const apiScopeSchema = z.enum(apiScopes)
export type ApiScope = z.infer<typeof apiScopeSchema>

/** Every scope a role may hold: `admin` is for admins only. */
export function scopesOfRole(role: Role): ApiScope[] {
  return role === 'admin' ? [...apiScopes] : apiScopes.filter(scope => scope !== 'admin')
}

/** What a token's secret starts with, so it is recognised (by people and by secret scanners) as this app's. */
export const personalTokenPrefix = 'la_pat_'

/** The longest a token may live. */
export const maxTokenDays = 365

export const tokenCreateSchema = z.object({
  name: z.string().trim().min(1, 'name is required').max(100),
  scopes: z.array(apiScopeSchema).min(1, 'choose at least one scope').max(apiScopes.length)
    .refine(scopes => new Set(scopes).size === scopes.length, 'each scope once'),
  /** Required: every token expires, at most `maxTokenDays` from now. */
  expiresInDays: z.number().int().min(1).max(maxTokenDays),
})
export type TokenCreateInput = z.infer<typeof tokenCreateSchema>

/** A token as its owner sees it in a list: never its secret, only the last four characters of it. */
export const accessTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  scopes: z.array(apiScopeSchema),
  lastFour: z.string().length(4),
  createdAt: z.string(),
  expiresAt: z.string(),
  lastUsedAt: z.string().nullable(),
})
export type AccessToken = z.infer<typeof accessTokenSchema>

export const accessTokenListSchema = z.object({ items: z.array(accessTokenSchema) })

/** The answer to creating or rotating a token: the only time its secret is shown. */
export const issuedTokenSchema = z.object({
  token: accessTokenSchema,
  secret: z.string().startsWith(personalTokenPrefix).meta({ description: 'The token itself, shown this once; send it as `Authorization: Bearer <secret>`.' }),
})
export type IssuedToken = z.infer<typeof issuedTokenSchema>

/**
 * What an API operation needs (each route in shared/api/routes.ts names one): an API scope, `signed-in`
 * for any signed-in caller, `session` for a cookie session only, `enrolment` for a cookie session even one
 * that may only set up a second factor (the MFA policy), or `public` for anyone.
 */
export type OperationScope = ApiScope | 'signed-in' | 'session' | 'enrolment' | 'public'
