import type { ProblemDetails } from '#shared/schemas/common'

interface ErrorLike {
  message?: string
  statusCode?: number
  status?: number
  data?: Partial<ProblemDetails>
  cause?: unknown
}

const asErrorLike = (error: unknown): ErrorLike | undefined =>
  typeof error === 'object' && error !== null ? error as ErrorLike : undefined

/** The problem details a failed request carried, also when Nuxt wrapped the fetch error in its own. */
function problemOf(error: unknown): Partial<ProblemDetails> | undefined {
  const candidate = asErrorLike(error)
  if (!candidate) return undefined
  if (candidate.data && (candidate.data.detail || candidate.data.title)) return candidate.data
  return candidate.cause ? problemOf(candidate.cause) : undefined
}

/** A sentence to show the user: the server's `detail` when it sent one, never a raw stack or status line. */
export function problemDetail(error: unknown, fallback = 'Something went wrong. Please try again.'): string {
  const problem = problemOf(error)
  if (problem) return problem.detail ?? problem.title ?? fallback
  const status = problemStatus(error)
  if (status === undefined && asErrorLike(error)?.message?.includes('fetch')) return 'The server could not be reached. Check your connection.'
  return fallback
}

export function problemStatus(error: unknown): number | undefined {
  const problem = problemOf(error)
  if (problem?.status) return problem.status
  const candidate = asErrorLike(error)
  return candidate?.statusCode ?? candidate?.status
}
