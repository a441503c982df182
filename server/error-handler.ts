import { getRequestURL, isError, send, setResponseHeader, setResponseStatus, type H3Event } from 'h3'
import { ZodError } from 'zod'
import type { ProblemDetails } from '../shared/schemas/common'
import { ProblemError } from './errors'
import { InvalidCursorError } from './drivers/store/cursor'

const statusTitles: Record<number, string> = {
  400: 'Bad request', 401: 'Not signed in', 403: 'Not allowed', 404: 'Not found', 405: 'Method not allowed',
  413: 'Content too large', 415: 'Unsupported media type', 422: 'The request is not valid', 429: 'Too many requests',
}

const slugOf = (status: number) => (statusTitles[status] ?? 'error').toLowerCase().replace(/[^a-z]+/g, '-').replace(/-$/, '')

const causeOf = (error: unknown) => isError(error) && error.cause !== undefined ? error.cause : error

/** The one place where any error thrown while serving `/api` becomes RFC 9457 problem details. */
export function toProblem(error: unknown, instance: string): ProblemDetails {
  const cause = causeOf(error)
  if (cause instanceof ProblemError) {
    return { type: cause.type, title: cause.title, status: cause.status, detail: cause.message, instance, ...(cause.errors && { errors: cause.errors }) }
  }
  if (cause instanceof ZodError) {
    const errors = cause.issues.map(issue => ({ path: issue.path.join('.'), message: issue.message }))
    return { type: '/problems/validation', title: 'The request is not valid', status: 422, instance, errors,
      detail: errors.map(e => `${e.path || 'body'}: ${e.message}`).join('; ') }
  }
  if (cause instanceof InvalidCursorError) {
    return { type: '/problems/bad-request', title: 'Bad request', status: 400, detail: cause.message, instance }
  }
  if (isError(error) && error.statusCode < 500) {
    const status = error.statusCode
    // h3 reports unparsable JSON bodies this way.
    const detail = /invalid json/i.test(`${error.message} ${error.statusMessage ?? ''}`) ? 'The request body is not valid JSON.' : error.statusMessage || error.message
    return { type: `/problems/${slugOf(status)}`, title: statusTitles[status] ?? 'Request error', status, detail, instance }
  }
  return { type: '/problems/internal', title: 'Internal error', status: 500, detail: 'Something went wrong on our side.', instance }
}

export default async function apiErrorHandler(error: unknown, event: H3Event) {
  const url = getRequestURL(event)
  if (!url.pathname.startsWith('/api/')) return
  const requestId: string | undefined = event.context.requestId
  const problem = { ...toProblem(error, url.pathname), ...(requestId && { requestId }) }
  if (problem.status >= 500) console.error(`[api] ${event.method} ${url.pathname} failed (request ${requestId})`, isError(error) ? error.cause ?? error : error)
  setResponseStatus(event, problem.status, problem.title)
  const cause = causeOf(error)
  if (cause instanceof ProblemError) for (const [name, value] of Object.entries(cause.headers ?? {})) setResponseHeader(event, name, value)
  setResponseHeader(event, 'content-type', 'application/problem+json')
  await send(event, JSON.stringify(problem))
}
