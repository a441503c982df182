import { z } from 'zod'
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject, type ZodOpenApiResponseObject, type ZodOpenApiResponsesObject } from 'zod-openapi'
import { atomSchema } from '../../shared/schemas/atom'
import { publicUserSchema } from '../../shared/schemas/auth'
import { collectionViewSchema } from '../../shared/schemas/collection'
import { maxRequestHeadBytes, problemDetailsSchema } from '../../shared/schemas/common'
import { documentViewSchema } from '../../shared/schemas/document'
import { invitationViewSchema, shareEntrySchema } from '../../shared/schemas/sharing'
import { reviewLogSchema, studyCardSchema } from '../../shared/schemas/study'
import { apiScopes } from '../../shared/schemas/tokens'
import { problemStatuses, type Operation, type OperationResponse } from './operation'
import { allOperations } from './operations'

/** Schemas shown once, by name, and referenced wherever they occur. */
const namedSchemas: Record<string, z.ZodType> = {
  Atom: atomSchema,
  Document: documentViewSchema,
  Collection: collectionViewSchema,
  Share: shareEntrySchema,
  Invitation: invitationViewSchema,
  User: publicUserSchema,
  StudyCard: studyCardSchema,
  Review: reviewLogSchema,
  Problem: problemDetailsSchema,
}

const problemTitles: Record<number, string> = {
  400: 'Malformed request: body not JSON or multipart, or an unknown cursor.',
  401: 'Not signed in, wrong email or password, or an access token that is not valid.',
  403: 'Signed in, but not allowed: the role or the token\'s scopes do not allow it.',
  404: 'No such resource, or not one you may read.',
  409: 'Conflicts with the resource\'s current state.',
  411: 'The upload has no Content-Length.',
  413: 'The file is larger than the upload limit.',
  415: 'Not a format the atomizer reads, or not multipart/form-data.',
  422: 'Invalid input: `errors` names each field and what is wrong with it.',
  429: 'Too many attempts; `Retry-After` says when to try again.',
  501: 'Not available on this server.',
  503: 'Not able to serve right now.',
}

function responseObject({ description, schema, contentType, content, headers }: OperationResponse) {
  const bodies = content ?? (schema && Object.fromEntries([contentType ?? 'application/json'].flat().map(type => [type, schema])))
  return {
    description,
    ...(headers && { headers }),
    ...(bodies && { content: Object.fromEntries(Object.entries(bodies).map(([type, body]) => [type, { schema: body }])) }),
  }
}

function problemResponse(status: number) {
  return {
    description: problemTitles[status] ?? 'An error.',
    ...(status === 429 && { headers: z.object({ 'retry-after': z.string().meta({ description: 'Seconds to wait.' }) }) }),
    content: { 'application/problem+json': { schema: problemDetailsSchema } },
  }
}

/**
 * Who may call it: the session cookie, or (but for the token routes) a bearer token with the operation's
 * scope; any token for `signed-in` operations.
 */
function securityOf({ scope }: Operation): Record<string, string[]>[] {
  if (scope === 'public') return []
  if (scope === 'session' || scope === 'enrolment') return [{ session: [] }]
  return [{ session: [] }, { bearerAuth: scope === 'signed-in' ? [] : [scope] }]
}

function operationObject(operation: Operation): ZodOpenApiOperationObject {
  const responses: Record<string, ZodOpenApiResponseObject> = {}
  for (const [status, response] of Object.entries(operation.responses)) responses[status] = responseObject(response)
  for (const status of problemStatuses(operation)) responses[status] = problemResponse(status)
  // Past the head the server reads, the request is refused before it is routed (server/process/node-server.ts).
  if (operation.query) {
    responses['431'] = {
      description: `The URL and headers take more than ${maxRequestHeadBytes / 1024} KiB; a query within the documented limits always fits.`,
      content: { 'application/problem+json': { schema: problemDetailsSchema } },
    }
  }
  const body = operation.body && { required: !operation.body.safeParse(undefined).success, content: { 'application/json': { schema: operation.body } } }
  const multipart = operation.upload && { required: true, content: { 'multipart/form-data': { schema: operation.upload } } }
  const form = operation.form && { required: true, content: { 'application/x-www-form-urlencoded': { schema: operation.form } } }
  const upload = multipart || form
  return {
    operationId: operation.operationId,
    tags: [operation.tag],
    summary: operation.summary,
    ...(operation.description && { description: operation.description }),
    security: securityOf(operation),
    requestParams: { ...(operation.params && { path: operation.params }), ...(operation.query && { query: operation.query }) },
    ...((body || upload) && { requestBody: body || upload }),
    responses: responses as ZodOpenApiResponsesObject,
  }
}

/** The OpenAPI 3.1 document of the given operations. */
export function buildOpenApiDocument(operations: readonly Operation[], version: string) {
  const paths: ZodOpenApiPathsObject = {}
  for (const operation of operations) paths[operation.path] = { ...paths[operation.path], [operation.method]: operationObject(operation) }
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Learning Atomizer API',
      version,
      description: 'Documents in, linked learning atoms out: upload material, read and search its atoms, study their cards. '
        + 'Create an account with `POST /api/v1/auth/register`, then sign in with `/login`: the session cookie it sets authenticates every other call. '
        + 'API clients send a personal access token instead (`Authorization: Bearer la_pat_…`, made with `POST /api/v1/tokens`), '
        + 'limited to its scopes: each operation names the scope it needs under `bearerAuth`. '
        + 'Errors are RFC 9457 problem details.',
    },
    tags: [
      { name: 'meta', description: 'Health, this document and its reference page.' },
      { name: 'auth', description: 'Accounts and sessions.' },
      { name: 'users', description: 'Administration of users.' },
      { name: 'documents', description: 'Uploaded material, its files and its processing.' },
      { name: 'atoms', description: 'The atoms made from documents, read and edited.' },
      { name: 'collections', description: 'Documents grouped, and shared as viewer or editor.' },
      { name: 'invitations', description: 'Shares by email, waiting for their invitee to accept them.' },
      { name: 'search', description: 'Search over the atoms you may read.' },
      { name: 'study', description: 'Spaced-repetition study of the atoms\' cards, and progress.' },
      { name: 'jobs', description: 'The processing queue (admins).' },
      { name: 'tokens', description: 'Personal access tokens for API clients, managed with the session cookie.' },
      { name: 'mfa', description: 'Second factors (authenticator app, passkeys, recovery codes) and the MFA policy.' },
      { name: 'sessions', description: 'My signed-in sessions: where they are, and ending them.' },
      { name: 'oauth', description: 'OAuth 2.0 client credentials for machine clients: admins register clients; clients get short-lived JWT access tokens.' },
    ],
    paths,
    components: {
      schemas: namedSchemas,
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'nuxt-session', description: 'Set by login; ended by logout. Holds every scope the user\'s role allows.' },
        bearerAuth: {
          type: 'http', scheme: 'bearer',
          description: `A personal access token, \`la_pat_…\`. Scopes: ${apiScopes.map(scope => `\`${scope}\``).join(', ')} (\`admin\` for admins only). `
            + 'Revoked, expired, rotated or unknown tokens get 401; a token without the operation\'s scope gets 403.',
        },
      },
    },
  })
}

let built: ReturnType<typeof buildOpenApiDocument> | undefined

/** The API's document, built once per process. */
export function useOpenApiDocument() {
  built ??= buildOpenApiDocument(allOperations, '1')
  return built
}
