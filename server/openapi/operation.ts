import type { z } from 'zod'
import * as apiRoutes from '../../shared/api/routes'
import type { OperationScope } from '../../shared/schemas/tokens'
import type { RateLimitBucket } from '../drivers/limits/types'

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete'

/** One response of an operation: JSON by default, another media type when `contentType` says so, or no body. */
export interface OperationResponse {
  description: string
  schema?: z.ZodType
  /** Response headers by name, each described with `.meta({ description })`. */
  headers?: z.ZodObject
  /** Media types of the body: `application/json` when there is a schema and this is left out. */
  contentType?: string | readonly string[]
  /** Instead of `schema` and `contentType`: a body that differs by media type, each with its own schema. */
  content?: Record<string, z.ZodType>
}

/**
 * One API operation: what it takes (path parameters, query, JSON or multipart body) and what it answers,
 * per status. The handler validates its input with exactly these schemas (`validRequest`), and the
 * OpenAPI document (server/openapi/document.ts) is built from them, so the two cannot drift.
 */
export interface Operation {
  operationId: string
  method: HttpMethod
  /** As in OpenAPI, with `{name}` for a path parameter. */
  path: string
  tag: string
  summary: string
  description?: string
  /** Needs a signed-in caller: the session cookie or a bearer token (401 without either). */
  signedIn: boolean
  /**
   * What the caller must hold, from the operation's entry in shared/api/routes.ts: checked for every request
   * by server/middleware/1.auth.ts, and shown in the OpenAPI document as the `bearerAuth` scopes.
   */
  scope: OperationScope
  params?: z.ZodObject
  query?: z.ZodObject
  /** A JSON body. */
  body?: z.ZodType
  /** A form-encoded body (application/x-www-form-urlencoded), as OAuth's token endpoint takes. */
  form?: z.ZodObject
  /** A multipart/form-data body, streamed by the upload reader (server/utils/upload.ts) rather than parsed at once. */
  upload?: z.ZodObject
  /**
   * A costly operation: each request counts against this allowance of the signed-in user (of the client
   * address when signed out) before its body is read (server/middleware/2.rate-limit.ts); past it, 429.
   */
  rateLimit?: RateLimitBucket
  /** Successful answers, by status. */
  responses: Record<number, OperationResponse>
  /**
   * Error statuses this operation can answer with problem details, beyond those that follow from the rest:
   * 401 when signed in, 422 for any input, 400 for a body or a query.
   */
  problems?: number[]
}

/** An operation id of the API, as shared with the browser (shared/api/routes.ts). */
export type OperationId = keyof typeof apiRoutes

/** The operation's id with its method and path from the shared list, which the browser matches URLs against. */
export function routeOf<const Id extends OperationId>(operationId: Id): { operationId: Id } & (typeof apiRoutes)[Id] {
  return { operationId, ...apiRoutes[operationId] }
}

/** Keeps the operation's exact type, so `validRequest` knows the types of its params, query and body. */
export const defineOperation = <const O extends Operation>(operation: O): O => operation

type Parsed<S> = S extends z.ZodType ? z.infer<S> : undefined

/** What `validRequest` returns for an operation: each part parsed, or undefined where it takes none. */
export interface ValidRequest<O extends Operation> {
  params: Parsed<O['params']>
  query: Parsed<O['query']>
  body: Parsed<O['body']>
}

/** The error statuses an operation documents: the implied ones and its own, in order. */
export function problemStatuses(operation: Operation): number[] {
  const implied = [
    ...(operation.body || operation.upload || operation.query ? [400] : []),
    ...(operation.signedIn ? [401] : []),
    // A token without the scope, or one presented where only a cookie session may act.
    ...(operation.scope !== 'public' && operation.scope !== 'signed-in' ? [403] : []),
    ...(operation.params || operation.query || operation.body || operation.upload ? [422] : []),
    ...(operation.rateLimit ? [429] : []),
  ]
  return [...new Set([...implied, ...operation.problems ?? []])].sort((a, b) => a - b)
}
