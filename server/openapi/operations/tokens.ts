import { idParamsSchema } from '../../../shared/schemas/common'
import { accessTokenListSchema, issuedTokenSchema, tokenCreateSchema } from '../../../shared/schemas/tokens'
import { defineOperation, routeOf } from '../operation'

const tag = 'tokens'

export const tokenOperations = {
  list: defineOperation({
    ...routeOf('listTokens'), tag, signedIn: true,
    summary: 'My personal access tokens that still work or have expired, newest first; never their secrets',
    responses: { 200: { description: 'The tokens.', schema: accessTokenListSchema } },
  }),
  create: defineOperation({
    ...routeOf('createToken'), tag, signedIn: true,
    summary: 'Create a personal access token',
    description: 'The secret (`la_pat_…`) is in this answer only: the server keeps its SHA-256. Scopes are at most those '
      + 'of your role (`admin` for admins only); the expiry is required, 1 to 365 days. Needs the session cookie: a token cannot create tokens.',
    body: tokenCreateSchema,
    responses: { 201: { description: 'The token and, this once, its secret.', schema: issuedTokenSchema } },
    problems: [409],
  }),
  revoke: defineOperation({
    ...routeOf('revokeToken'), tag, signedIn: true,
    summary: 'Revoke one of my tokens: it stops working at once',
    params: idParamsSchema,
    responses: { 204: { description: 'Revoked.' } },
    problems: [404],
  }),
  rotate: defineOperation({
    ...routeOf('rotateToken'), tag, signedIn: true,
    summary: 'Replace a token\'s secret with a new one, same name, scopes and lifetime',
    description: 'The old secret stops working; presenting it again afterwards revokes the new token too (a rotated '
      + 'secret in use means it leaked).',
    params: idParamsSchema,
    responses: { 201: { description: 'The new token and, this once, its secret.', schema: issuedTokenSchema } },
    problems: [404, 409],
  }),
}
