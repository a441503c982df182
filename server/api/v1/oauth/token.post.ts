import { tokenRequestSchema, type OAuthErrorBody } from '../../../../shared/schemas/oauth'
import { issueAccessToken, OAuthError } from '../../../services/oauth-tokens'

/** The form, as RFC 6749 wants it: form-encoded, each parameter at most once. */
async function tokenForm(event: Parameters<typeof readBody>[0]) {
  const invalid = (description: string) => new OAuthError(400, { error: 'invalid_request', error_description: description })
  if (!getRequestHeader(event, 'content-type')?.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    throw invalid('Send the parameters form-encoded (application/x-www-form-urlencoded).')
  }
  const raw: unknown = await readBody(event).catch(() => undefined)
  const parsed = tokenRequestSchema.safeParse(raw ?? {})
  if (!parsed.success) throw invalid(parsed.error.issues.map(issue => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; '))
  return parsed.data
}

/**
 * POST /api/v1/oauth/token: the client credentials grant → 200 `{access_token, token_type, expires_in, scope}`,
 * or an RFC 6749 error as JSON (400, or 401 with `WWW-Authenticate: Basic` for a client it cannot authenticate).
 */
export default defineEventHandler(async (event) => {
  setResponseHeaders(event, { 'cache-control': 'no-store', 'pragma': 'no-cache' })
  try {
    return await issueAccessToken(useDrivers(), useConfig(), getRequestHeader(event, 'authorization'), await tokenForm(event))
  }
  catch (error) {
    if (!(error instanceof OAuthError)) throw error
    setResponseStatus(event, error.status)
    if (error.status === 401) setResponseHeader(event, 'www-authenticate', 'Basic realm="oauth", charset="UTF-8"')
    return error.body satisfies OAuthErrorBody
  }
})
