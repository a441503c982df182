/**
 * Every operation of the HTTP API by its OpenAPI operation id: method and path template (`{name}` for a
 * path parameter). The server's operations (server/openapi/operations/) take their method and path from
 * here, and the browser matches URLs against the same templates, so neither writes a route path again.
 *
 * Plain constants, one export each: the browser bundles only those it names, never the zod schemas that
 * validate and document the operations on the server.
 *
 * Each names the `scope` it needs (checked in one place, server/middleware/1.auth.ts): an API scope a bearer
 * token must carry (shared/schemas/tokens.ts; a cookie session holds every scope its role allows),
 * `signed-in` for any signed-in caller whatever the token's scopes, `session` for a cookie session only
 * (a token cannot manage tokens), or `public` for no sign-in at all.
 */

// Health and the API's own description
export const getHealth = { method: 'get', path: '/api/health', scope: 'public' } as const
export const getLiveness = { method: 'get', path: '/api/health/live', scope: 'public' } as const
export const getReadiness = { method: 'get', path: '/api/health/ready', scope: 'public' } as const
export const getOpenApiDocument = { method: 'get', path: '/api/openapi.json', scope: 'public' } as const
export const getApiReference = { method: 'get', path: '/api/docs', scope: 'public' } as const
export const getApiReferenceAsset = { method: 'get', path: '/api/docs/{asset}', scope: 'public' } as const

// Accounts and users
export const register = { method: 'post', path: '/api/v1/auth/register', scope: 'public' } as const
export const getAuthOptions = { method: 'get', path: '/api/v1/auth/options', scope: 'public' } as const
export const login = { method: 'post', path: '/api/v1/auth/login', scope: 'public' } as const
export const logout = { method: 'post', path: '/api/v1/auth/logout', scope: 'public' } as const
export const getMe = { method: 'get', path: '/api/v1/auth/me', scope: 'signed-in' } as const
export const completeSignIn = { method: 'post', path: '/api/v1/auth/second-factor', scope: 'public' } as const
export const signInWithPasskey = { method: 'post', path: '/api/v1/auth/passkey', scope: 'public' } as const
export const reauthenticate = { method: 'post', path: '/api/v1/auth/reauthenticate', scope: 'enrolment' } as const
export const getCsrfToken = { method: 'get', path: '/api/v1/auth/csrf-token', scope: 'session' } as const
export const listUsers = { method: 'get', path: '/api/v1/users', scope: 'admin' } as const
export const getUser = { method: 'get', path: '/api/v1/users/{id}', scope: 'signed-in' } as const
export const changeUserRole = { method: 'put', path: '/api/v1/users/{id}/role', scope: 'admin' } as const

// Single sign-on, linked provider accounts, passwords and reset links
export const startSso = { method: 'get', path: '/api/v1/auth/sso/{provider}', scope: 'public' } as const
export const finishSso = { method: 'get', path: '/api/v1/auth/sso/{provider}/callback', scope: 'public' } as const
export const listIdentities = { method: 'get', path: '/api/v1/auth/identities', scope: 'session' } as const
export const unlinkIdentity = { method: 'delete', path: '/api/v1/auth/identities/{provider}', scope: 'session' } as const
export const changePassword = { method: 'put', path: '/api/v1/auth/password', scope: 'session' } as const
export const resetPassword = { method: 'post', path: '/api/v1/auth/password-reset', scope: 'public' } as const
export const setUserDisabled = { method: 'put', path: '/api/v1/users/{id}/disabled', scope: 'admin' } as const
export const issuePasswordReset = { method: 'post', path: '/api/v1/users/{id}/password-reset', scope: 'admin' } as const

// Documents
export const listDocuments = { method: 'get', path: '/api/v1/documents', scope: 'documents:read' } as const
export const uploadDocument = { method: 'post', path: '/api/v1/documents', scope: 'documents:write' } as const
export const getDocument = { method: 'get', path: '/api/v1/documents/{id}', scope: 'documents:read' } as const
export const deleteDocument = { method: 'delete', path: '/api/v1/documents/{id}', scope: 'documents:write' } as const
export const downloadDocumentFile = { method: 'get', path: '/api/v1/documents/{id}/file', scope: 'documents:read' } as const
export const replaceDocumentFile = { method: 'put', path: '/api/v1/documents/{id}/file', scope: 'documents:write' } as const
export const cancelDocument = { method: 'post', path: '/api/v1/documents/{id}/cancel', scope: 'documents:write' } as const
export const reprocessDocument = { method: 'post', path: '/api/v1/documents/{id}/reprocess', scope: 'documents:write' } as const
export const getReadingOrder = { method: 'get', path: '/api/v1/documents/{id}/reading-order', scope: 'documents:read' } as const
export const listDocumentAtoms = { method: 'get', path: '/api/v1/documents/{id}/atoms', scope: 'documents:read' } as const
export const getDocumentGlossary = { method: 'get', path: '/api/v1/documents/{id}/glossary', scope: 'documents:read' } as const
export const moveDocument = { method: 'put', path: '/api/v1/documents/{id}/collection', scope: 'documents:write' } as const
export const listDocumentShares = { method: 'get', path: '/api/v1/documents/{id}/shares', scope: 'documents:read' } as const
export const shareDocument = { method: 'post', path: '/api/v1/documents/{id}/shares', scope: 'documents:write' } as const
export const unshareDocument = { method: 'delete', path: '/api/v1/documents/{id}/shares/{userId}', scope: 'documents:write' } as const
export const startDirectUpload = { method: 'post', path: '/api/v1/documents/uploads', scope: 'documents:write' } as const
export const completeDirectUpload = { method: 'post', path: '/api/v1/documents/uploads/{uploadId}/complete', scope: 'documents:write' } as const

// Atoms
export const getAtom = { method: 'get', path: '/api/v1/atoms/{id}', scope: 'documents:read' } as const
export const patchAtom = { method: 'patch', path: '/api/v1/atoms/{id}', scope: 'documents:write' } as const
export const getAtomLinks = { method: 'get', path: '/api/v1/atoms/{id}/links', scope: 'documents:read' } as const
export const splitAtom = { method: 'post', path: '/api/v1/atoms/{id}/split', scope: 'documents:write' } as const
export const mergeAtoms = { method: 'post', path: '/api/v1/atoms/merge', scope: 'documents:write' } as const

// Collections
export const listCollections = { method: 'get', path: '/api/v1/collections', scope: 'documents:read' } as const
export const createCollection = { method: 'post', path: '/api/v1/collections', scope: 'documents:write' } as const
export const getCollection = { method: 'get', path: '/api/v1/collections/{id}', scope: 'documents:read' } as const
export const patchCollection = { method: 'patch', path: '/api/v1/collections/{id}', scope: 'documents:write' } as const
export const deleteCollection = { method: 'delete', path: '/api/v1/collections/{id}', scope: 'documents:write' } as const
export const listCollectionDocuments = { method: 'get', path: '/api/v1/collections/{id}/documents', scope: 'documents:read' } as const
export const listCollectionAtoms = { method: 'get', path: '/api/v1/collections/{id}/atoms', scope: 'documents:read' } as const
export const getCollectionGlossary = { method: 'get', path: '/api/v1/collections/{id}/glossary', scope: 'documents:read' } as const
export const listCollectionShares = { method: 'get', path: '/api/v1/collections/{id}/shares', scope: 'documents:read' } as const
export const shareCollection = { method: 'post', path: '/api/v1/collections/{id}/shares', scope: 'documents:write' } as const
export const unshareCollection = { method: 'delete', path: '/api/v1/collections/{id}/shares/{userId}', scope: 'documents:write' } as const

// Invitations
export const listInvitations = { method: 'get', path: '/api/v1/invitations', scope: 'documents:read' } as const
export const acceptInvitation = { method: 'post', path: '/api/v1/invitations/{id}/accept', scope: 'documents:write' } as const
export const removeInvitation = { method: 'delete', path: '/api/v1/invitations/{id}', scope: 'documents:write' } as const

// Search and the text encoder
export const searchAtoms = { method: 'get', path: '/api/v1/search', scope: 'documents:read' } as const
export const suggestSearches = { method: 'get', path: '/api/v1/search/suggest', scope: 'documents:read' } as const
export const getTextEncoder = { method: 'get', path: '/api/v1/embeddings', scope: 'documents:read' } as const
export const getTextEncoderFile = { method: 'get', path: '/api/v1/embeddings/{version}/{file}', scope: 'documents:read' } as const

// Study
export const listDueCards = { method: 'get', path: '/api/v1/study/due', scope: 'study:read' } as const
export const listDocumentCards = { method: 'get', path: '/api/v1/study/cards', scope: 'study:read' } as const
export const listCards = { method: 'get', path: '/api/v1/cards', scope: 'study:read' } as const
export const getCard = { method: 'get', path: '/api/v1/cards/{id}', scope: 'study:read' } as const
export const recordReviews = { method: 'post', path: '/api/v1/reviews', scope: 'study:write' } as const
export const listReviews = { method: 'get', path: '/api/v1/reviews', scope: 'study:read' } as const
export const getProgress = { method: 'get', path: '/api/v1/progress', scope: 'study:read' } as const
export const getMySchedule = { method: 'get', path: '/api/v1/study/schedule', scope: 'study:read' } as const

// Jobs
export const getJobs = { method: 'get', path: '/api/v1/jobs', scope: 'admin' } as const
export const runJob = { method: 'post', path: '/api/v1/jobs/{name}', scope: 'admin' } as const

// Personal access tokens: managed from a cookie session only
export const listTokens = { method: 'get', path: '/api/v1/tokens', scope: 'session' } as const
export const createToken = { method: 'post', path: '/api/v1/tokens', scope: 'session' } as const
export const revokeToken = { method: 'delete', path: '/api/v1/tokens/{id}', scope: 'session' } as const
export const rotateToken = { method: 'post', path: '/api/v1/tokens/{id}/rotate', scope: 'session' } as const

// Second factors: managed from a cookie session, also one that may only set up a factor (the MFA policy)
export const getMfa = { method: 'get', path: '/api/v1/mfa', scope: 'enrolment' } as const
export const startTotp = { method: 'post', path: '/api/v1/mfa/totp', scope: 'enrolment' } as const
export const confirmTotp = { method: 'post', path: '/api/v1/mfa/totp/confirm', scope: 'enrolment' } as const
export const removeTotp = { method: 'delete', path: '/api/v1/mfa/totp', scope: 'enrolment' } as const
export const registerPasskey = { method: 'post', path: '/api/v1/mfa/passkeys', scope: 'enrolment' } as const
export const removePasskey = { method: 'delete', path: '/api/v1/mfa/passkeys/{id}', scope: 'enrolment' } as const
export const renewRecoveryCodes = { method: 'post', path: '/api/v1/mfa/recovery-codes', scope: 'enrolment' } as const
export const getMfaPolicy = { method: 'get', path: '/api/v1/admin/mfa-policy', scope: 'admin' } as const
export const setMfaPolicy = { method: 'put', path: '/api/v1/admin/mfa-policy', scope: 'admin' } as const

// Sign-in sessions: each user's own, managed from a cookie session only
export const listSessions = { method: 'get', path: '/api/v1/sessions', scope: 'session' } as const
export const endOtherSessions = { method: 'post', path: '/api/v1/sessions/end-others', scope: 'session' } as const
export const endSession = { method: 'delete', path: '/api/v1/sessions/{id}', scope: 'session' } as const

// OAuth 2.0 client credentials for machine clients: admins register them (from a cookie session only); the
// token endpoint and the keys are open, the token endpoint authenticates the client itself
export const issueOAuthToken = { method: 'post', path: '/api/v1/oauth/token', scope: 'public' } as const
export const getJwks = { method: 'get', path: '/.well-known/jwks.json', scope: 'public' } as const
export const listOAuthClients = { method: 'get', path: '/api/v1/oauth/clients', scope: 'session' } as const
export const registerOAuthClient = { method: 'post', path: '/api/v1/oauth/clients', scope: 'session' } as const
export const revokeOAuthClient = { method: 'delete', path: '/api/v1/oauth/clients/{id}', scope: 'session' } as const
