import { z } from 'zod'
import { apiScopeSchema, apiScopes } from './tokens'

/** What a machine client's secret starts with, so people and secret scanners recognise it. */
export const clientSecretPrefix = 'la_cs_'

/** How long an access token from the token endpoint lives. */
export const accessTokenSeconds = 15 * 60

/** The `aud` of every access token the token endpoint issues: this app's API. */
export const accessTokenAudience = 'learning-atomizer-api'

export const oauthClientCreateSchema = z.object({
  name: z.string().trim().min(1, 'name is required').max(100),
  scopes: z.array(apiScopeSchema).min(1, 'choose at least one scope').max(apiScopes.length)
    .refine(scopes => new Set(scopes).size === scopes.length, 'each scope once'),
})
export type OAuthClientCreateInput = z.infer<typeof oauthClientCreateSchema>

/** A machine client as admins see it: never its secret. */
export const oauthClientSchema = z.object({
  id: z.string().meta({ description: 'The `client_id`.' }),
  name: z.string(),
  scopes: z.array(apiScopeSchema),
  ownerId: z.string().meta({ description: 'The admin who registered it: its tokens act for that account, with at most the client\'s scopes.' }),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
})
export type OAuthClient = z.infer<typeof oauthClientSchema>

export const oauthClientListSchema = z.object({ items: z.array(oauthClientSchema) })

/** The answer to registering a client: the only time its secret is shown. */
export const registeredClientSchema = z.object({
  client: oauthClientSchema,
  secret: z.string().startsWith(clientSecretPrefix).meta({ description: 'The `client_secret`, shown this once; the server keeps its SHA-256.' }),
})
export type RegisteredClient = z.infer<typeof registeredClientSchema>

/**
 * A token request (RFC 6749 section 4.4), form-encoded. The client authenticates with HTTP Basic
 * (client_secret_basic) or with `client_id` and `client_secret` in the form (client_secret_post).
 */
export const tokenRequestSchema = z.object({
  grant_type: z.string().max(100).meta({ description: 'Must be `client_credentials`.' }),
  scope: z.string().max(500).optional().meta({ description: 'Space-separated; at most the client\'s scopes. Leave out for all of them.' }),
  client_id: z.string().max(100).optional(),
  client_secret: z.string().max(200).optional(),
})
export type TokenRequest = z.infer<typeof tokenRequestSchema>

export const tokenResponseSchema = z.object({
  access_token: z.string().meta({ description: 'A JWT (ES256) to send as `Authorization: Bearer <token>`.' }),
  token_type: z.literal('Bearer'),
  expires_in: z.number().int(),
  scope: z.string(),
})
export type TokenResponse = z.infer<typeof tokenResponseSchema>

/** An error of the token endpoint, as RFC 6749 section 5.2 words it (not problem details). */
export const oauthErrorSchema = z.object({
  error: z.enum(['invalid_request', 'invalid_client', 'invalid_grant', 'unauthorized_client', 'unsupported_grant_type', 'invalid_scope']),
  error_description: z.string().optional(),
})
export type OAuthErrorBody = z.infer<typeof oauthErrorSchema>

/** The public keys that verify access tokens (RFC 7517). */
export const jwksSchema = z.object({
  keys: z.array(z.object({ kid: z.string(), kty: z.string(), alg: z.string(), use: z.string() }).catchall(z.string())),
})
