import type { ProblemDetails } from '../shared/schemas/common'
import { byteSize } from '../shared/utils/byte-size'

/**
 * An error with a stable problem type, thrown by services and mapped to RFC 9457 problem details
 * in one place (server/error-handler.ts).
 */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    detail?: string,
    readonly errors?: ProblemDetails['errors'],
    /** Response headers that belong with the problem, such as Retry-After. */
    readonly headers?: Record<string, string>,
  ) {
    super(detail ?? title)
    this.name = 'ProblemError'
  }

  get type() {
    return `/problems/${this.slug}`
  }
}

export const problems = {
  badRequest: (detail: string, errors?: ProblemDetails['errors']) => new ProblemError(400, 'bad-request', 'Bad request', detail, errors),
  validation: (errors: ProblemDetails['errors']) =>
    new ProblemError(422, 'validation', 'The request is not valid', errors?.map(e => `${e.path || 'body'}: ${e.message}`).join('; '), errors),
  unauthorized: (detail = 'Sign in first.') => new ProblemError(401, 'unauthorized', 'Not signed in', detail),
  badCredentials: () => new ProblemError(401, 'bad-credentials', 'Wrong email or password', 'The email or password is not correct.'),
  reauthenticationRequired: () => new ProblemError(403, 'reauthentication-required', 'Password needed',
    'Enter your password again (POST /api/v1/auth/reauthenticate) to add or remove a second factor.'),
  mfaEnrolmentRequired: () => new ProblemError(403, 'mfa-enrolment-required', 'Second factor needed',
    'This server requires a second factor for your account: set one up first (Security settings).'),
  invalidResetLink: () => new ProblemError(400, 'invalid-reset-link', 'Reset link not valid',
    'This reset link is not valid: it was used already, has expired, or was never issued. Ask an administrator for a new one.'),
  forbidden: (detail: string) => new ProblemError(403, 'forbidden', 'Not allowed', detail),
  crossSite: (detail: string) => new ProblemError(403, 'cross-site', 'Cross-site request refused', detail),
  registrationClosed: () => new ProblemError(403, 'registration-closed', 'Registration closed',
    'Accounts on this server are made by its administrator.'),
  notFound: (what: string, id?: string) =>
    new ProblemError(404, 'not-found', 'Not found', id ? `No ${what} with id ${JSON.stringify(id)}.` : `No such ${what}.`),
  conflict: (detail: string) => new ProblemError(409, 'conflict', 'Conflict', detail),
  staleReviews: (errors: ProblemDetails['errors']) => new ProblemError(409, 'stale-review', 'Reviews of an outdated card state',
    'Some cards were reviewed since these reviews\' device last saw them; nothing was stored. Leave those reviews out and send the rest again.', errors),
  lengthRequired: () => new ProblemError(411, 'length-required', 'Length required', 'Send the upload with a Content-Length header.'),
  tooLarge: (limit: number) => new ProblemError(413, 'too-large', 'File too large', `The file is larger than the limit of ${byteSize(limit)}.`),
  bodyTooLarge: (limit: number) => new ProblemError(413, 'too-large', 'Content too large', `The request body is larger than the limit of ${byteSize(limit)}.`),
  unsupportedType: (detail: string) => new ProblemError(415, 'unsupported-type', 'Unsupported file type', detail),
  tooManyRequests: (retryAfterSeconds: number) => new ProblemError(429, 'too-many-requests', 'Too many requests',
    `Too many attempts; try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}.`, undefined, { 'retry-after': String(retryAfterSeconds) }),
  directUploadUnavailable: () => new ProblemError(501, 'direct-upload-unavailable', 'Direct upload unavailable',
    'This server keeps files itself: send the file to POST /api/v1/documents as multipart/form-data.'),
  unavailable: (detail: string) => new ProblemError(503, 'unavailable', 'Service unavailable', detail),
}
