/**
 * Every operation of the HTTP API by its OpenAPI operation id: method and path template (`{name}` for a
 * path parameter). The server's operations (server/openapi/operations/) take their method and path from
 * here, and the browser matches URLs against the same templates, so neither writes a route path again.
 *
 * Plain constants, one export each: the browser bundles only those it names, never the zod schemas that
 * validate and document the operations on the server.
 */

// Health and the API's own description
export const getHealth = { method: 'get', path: '/api/health' } as const
export const getOpenApiDocument = { method: 'get', path: '/api/openapi.json' } as const
export const getApiReference = { method: 'get', path: '/api/docs' } as const
export const getApiReferenceAsset = { method: 'get', path: '/api/docs/{asset}' } as const

// Accounts and users
export const register = { method: 'post', path: '/api/v1/auth/register' } as const
export const getAuthOptions = { method: 'get', path: '/api/v1/auth/options' } as const
export const login = { method: 'post', path: '/api/v1/auth/login' } as const
export const logout = { method: 'post', path: '/api/v1/auth/logout' } as const
export const getMe = { method: 'get', path: '/api/v1/auth/me' } as const
export const listUsers = { method: 'get', path: '/api/v1/users' } as const
export const getUser = { method: 'get', path: '/api/v1/users/{id}' } as const
export const changeUserRole = { method: 'put', path: '/api/v1/users/{id}/role' } as const

// Documents
export const listDocuments = { method: 'get', path: '/api/v1/documents' } as const
export const uploadDocument = { method: 'post', path: '/api/v1/documents' } as const
export const getDocument = { method: 'get', path: '/api/v1/documents/{id}' } as const
export const deleteDocument = { method: 'delete', path: '/api/v1/documents/{id}' } as const
export const downloadDocumentFile = { method: 'get', path: '/api/v1/documents/{id}/file' } as const
export const replaceDocumentFile = { method: 'put', path: '/api/v1/documents/{id}/file' } as const
export const cancelDocument = { method: 'post', path: '/api/v1/documents/{id}/cancel' } as const
export const reprocessDocument = { method: 'post', path: '/api/v1/documents/{id}/reprocess' } as const
export const getReadingOrder = { method: 'get', path: '/api/v1/documents/{id}/reading-order' } as const
export const listDocumentAtoms = { method: 'get', path: '/api/v1/documents/{id}/atoms' } as const
export const getDocumentGlossary = { method: 'get', path: '/api/v1/documents/{id}/glossary' } as const
export const moveDocument = { method: 'put', path: '/api/v1/documents/{id}/collection' } as const
export const listDocumentShares = { method: 'get', path: '/api/v1/documents/{id}/shares' } as const
export const shareDocument = { method: 'post', path: '/api/v1/documents/{id}/shares' } as const
export const unshareDocument = { method: 'delete', path: '/api/v1/documents/{id}/shares/{userId}' } as const
export const startDirectUpload = { method: 'post', path: '/api/v1/documents/uploads' } as const
export const completeDirectUpload = { method: 'post', path: '/api/v1/documents/uploads/{uploadId}/complete' } as const

// Atoms
export const getAtom = { method: 'get', path: '/api/v1/atoms/{id}' } as const
export const patchAtom = { method: 'patch', path: '/api/v1/atoms/{id}' } as const
export const getAtomLinks = { method: 'get', path: '/api/v1/atoms/{id}/links' } as const
export const splitAtom = { method: 'post', path: '/api/v1/atoms/{id}/split' } as const
export const mergeAtoms = { method: 'post', path: '/api/v1/atoms/merge' } as const

// Collections
export const listCollections = { method: 'get', path: '/api/v1/collections' } as const
export const createCollection = { method: 'post', path: '/api/v1/collections' } as const
export const getCollection = { method: 'get', path: '/api/v1/collections/{id}' } as const
export const patchCollection = { method: 'patch', path: '/api/v1/collections/{id}' } as const
export const deleteCollection = { method: 'delete', path: '/api/v1/collections/{id}' } as const
export const listCollectionDocuments = { method: 'get', path: '/api/v1/collections/{id}/documents' } as const
export const listCollectionAtoms = { method: 'get', path: '/api/v1/collections/{id}/atoms' } as const
export const getCollectionGlossary = { method: 'get', path: '/api/v1/collections/{id}/glossary' } as const
export const listCollectionShares = { method: 'get', path: '/api/v1/collections/{id}/shares' } as const
export const shareCollection = { method: 'post', path: '/api/v1/collections/{id}/shares' } as const
export const unshareCollection = { method: 'delete', path: '/api/v1/collections/{id}/shares/{userId}' } as const

// Invitations
export const listInvitations = { method: 'get', path: '/api/v1/invitations' } as const
export const acceptInvitation = { method: 'post', path: '/api/v1/invitations/{id}/accept' } as const
export const removeInvitation = { method: 'delete', path: '/api/v1/invitations/{id}' } as const

// Search and the text encoder
export const searchAtoms = { method: 'get', path: '/api/v1/search' } as const
export const suggestSearches = { method: 'get', path: '/api/v1/search/suggest' } as const
export const getTextEncoder = { method: 'get', path: '/api/v1/embeddings' } as const
export const getTextEncoderFile = { method: 'get', path: '/api/v1/embeddings/{version}/{file}' } as const

// Study
export const listDueCards = { method: 'get', path: '/api/v1/study/due' } as const
export const listDocumentCards = { method: 'get', path: '/api/v1/study/cards' } as const
export const listCards = { method: 'get', path: '/api/v1/cards' } as const
export const getCard = { method: 'get', path: '/api/v1/cards/{id}' } as const
export const recordReviews = { method: 'post', path: '/api/v1/reviews' } as const
export const listReviews = { method: 'get', path: '/api/v1/reviews' } as const
export const getProgress = { method: 'get', path: '/api/v1/progress' } as const
export const getMySchedule = { method: 'get', path: '/api/v1/study/schedule' } as const

// Jobs
export const getJobs = { method: 'get', path: '/api/v1/jobs' } as const
export const runJob = { method: 'post', path: '/api/v1/jobs/{name}' } as const
