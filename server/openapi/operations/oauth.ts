import {
  jwksSchema, oauthClientCreateSchema, oauthClientListSchema, oauthErrorSchema, registeredClientSchema, tokenRequestSchema, tokenResponseSchema,
} from '../../../shared/schemas/oauth'
import { idParamsSchema } from '../../../shared/schemas/common'
import { defineOperation, routeOf } from '../operation'

const tag = 'oauth'

export const oauthOperations = {
  token: defineOperation({
    ...routeOf('issueOAuthToken'), tag, signedIn: false,
    summary: 'Get an access token for a machine client (client credentials grant)',
    description: 'RFC 6749 section 4.4: `grant_type=client_credentials`, the client authenticated with HTTP Basic (client_secret_basic) '
      + 'or `client_id` and `client_secret` in the form (client_secret_post). The access token is a JWT signed with ES256 '
      + '(its `kid` names a key of `/.well-known/jwks.json`), valid 15 minutes, with `iss`, `aud` (`learning-atomizer-api`), '
      + '`sub` (the client id), `jti` and the granted `scope`. Send it as `Authorization: Bearer <token>` to REST, GraphQL and the WebSocket. '
      + 'Errors are RFC 6749 JSON (`error`, `error_description`), not problem details.',
    form: tokenRequestSchema,
    responses: {
      200: { description: 'The access token.', schema: tokenResponseSchema },
      400: { description: '`invalid_request`, `unsupported_grant_type` or `invalid_scope`.', schema: oauthErrorSchema },
      401: { description: '`invalid_client`: unknown, wrong secret or revoked.', schema: oauthErrorSchema },
    },
  }),
  jwks: defineOperation({
    ...routeOf('getJwks'), tag, signedIn: false,
    summary: 'The public keys that verify access tokens (JWKS)',
    description: 'The key that signs now and those it replaced within their grace period (`NUXT_OAUTH_KEY_GRACE_HOURS`).',
    responses: { 200: { description: 'The key set.', schema: jwksSchema } },
  }),
  listClients: defineOperation({
    ...routeOf('listOAuthClients'), tag, signedIn: true,
    summary: 'Every machine client, newest first; never their secrets (admins)',
    responses: { 200: { description: 'The clients.', schema: oauthClientListSchema } },
  }),
  registerClient: defineOperation({
    ...routeOf('registerOAuthClient'), tag, signedIn: true,
    summary: 'Register a machine client (admins)',
    description: 'The secret (`la_cs_…`) is in this answer only: the server keeps its SHA-256. The client\'s tokens act for the admin who '
      + 'registers it, with at most the scopes named here. Needs the session cookie: no token can register clients.',
    body: oauthClientCreateSchema,
    responses: { 201: { description: 'The client and, this once, its secret.', schema: registeredClientSchema } },
  }),
  revokeClient: defineOperation({
    ...routeOf('revokeOAuthClient'), tag, signedIn: true,
    summary: 'Revoke a machine client (admins): no new tokens, and its tokens stop working within a minute',
    params: idParamsSchema,
    responses: { 204: { description: 'Revoked.' } },
    problems: [404],
  }),
}
