import type { GraphQLError } from 'graphql'
import { createGraphQLError, maskError as maskUnexpected, type YogaServerOptions } from 'graphql-yoga'
import { ZodError } from 'zod'
import { InvalidCursorError } from '../drivers/store/cursor'
import { ProblemError } from '../errors'

type MaskError = NonNullable<Exclude<YogaServerOptions<object, object>['maskedErrors'], boolean | undefined>['maskError']>

/** GraphQL error codes of the problem statuses services throw; others get their problem slug in upper case. */
const codes: Record<number, string> = {
  400: 'BAD_USER_INPUT', 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE', 415: 'UNSUPPORTED_MEDIA_TYPE', 422: 'BAD_USER_INPUT', 429: 'RATE_LIMITED',
}

/** By name, not class: graphql's CommonJS and ES module builds may both be loaded, each with its own class. */
const isGraphQLError = (error: unknown): error is GraphQLError => error instanceof Error && error.name === 'GraphQLError'

const problemOf = (error: unknown): ProblemError | undefined => {
  const cause = isGraphQLError(error) ? error.originalError : error
  if (cause instanceof ProblemError) return cause
  if (cause instanceof ZodError) {
    return new ProblemError(422, 'validation', 'The request is not valid', undefined,
      cause.issues.map(issue => ({ path: issue.path.join('.'), message: issue.message })))
  }
  if (cause instanceof InvalidCursorError) return new ProblemError(400, 'bad-request', 'Bad request', cause.message)
}

/**
 * The one place where errors thrown by services become GraphQL errors: a problem keeps its message and
 * gets `extensions.code`, `status` and `type` (and `errors` for invalid fields), as REST's problem details
 * carry them. Anything unexpected stays masked as an internal error, its details only in the log.
 */
export const maskError: MaskError = (error, message, isDev) => {
  const problem = problemOf(error)
  if (!problem) return maskUnexpected(error, message, isDev)
  const located = isGraphQLError(error) ? error : undefined
  const detail = problem.errors?.length ? problem.errors.map(e => `${e.path || 'input'}: ${e.message}`).join('; ') : problem.message
  return createGraphQLError(detail, {
    nodes: located?.nodes, source: located?.source, positions: located?.positions, path: located?.path,
    extensions: {
      code: codes[problem.status] ?? problem.slug.toUpperCase().replace(/-/g, '_'),
      status: problem.status,
      type: problem.type,
      ...(problem.errors && { errors: problem.errors }),
      ...(problem.headers?.['retry-after'] && { retryAfter: Number(problem.headers['retry-after']) }),
    },
  })
}

/** Yoga's log: problems are answers, not faults, so only unexpected errors reach the error log. */
export const graphqlLogger = {
  debug: () => {},
  info: () => {},
  warn: (...args: unknown[]) => console.warn('[graphql]', ...args),
  error: (...args: unknown[]) => {
    if (args.length === 1 && problemOf(args[0])) return
    console.error('[graphql]', ...args)
  },
}
