import { z } from 'zod'

/** Opaque ids: UUIDs for users and documents, hashes for atoms. */
export const idSchema = z.string().trim().min(1, 'id is required').max(64, 'id is too long')
  .regex(/^[\w-]+$/, 'id has invalid characters')

export const idParamsSchema = z.object({ id: idSchema })

export const pageQuerySchema = z.object({
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
})
export type PageQuery = z.infer<typeof pageQuerySchema>

/** A filter given as one value, a comma-separated list, or the parameter repeated (`type=concept,example`). */
/**
 * The most a request's head (its URL and headers, cookies included) may take: the server reads this much
 * (Node's default is 16 KiB), so that a query at every list parameter's limit, percent-encoded, is answered.
 */
export const maxRequestHeadBytes = 64 * 1024

export const listParam = <T extends z.ZodType>(item: T, max = 20) => z.preprocess(
  value => value === undefined
    ? undefined
    : [value].flat().flatMap(part => String(part).split(',')).map(part => part.trim()).filter(Boolean),
  z.array(item).max(max, max === 20 ? 'too many values' : `at most ${max} values`).optional(),
)

/** A page of a list: its items and, when more follow, the cursor to ask for the next page with. */
export const pageSchema = <T extends z.ZodType>(item: T) => z.object({
  items: z.array(item),
  nextCursor: z.string().optional(),
})
export type Page<T> = Omit<z.infer<ReturnType<typeof pageSchema>>, 'items'> & { items: T[] }

/** RFC 9457 problem details, as every API error is returned (`application/problem+json`). */
export const problemDetailsSchema = z.object({
  /** Stable: `/problems/<slug>`, for example `/problems/not-found`. */
  type: z.string(),
  title: z.string(),
  status: z.number().int().min(400).max(599),
  detail: z.string().optional(),
  /** The path of the request that failed. */
  instance: z.string().optional(),
  /** For invalid input: each field (a dotted path, empty for the whole body) and what is wrong with it. */
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  /** The response's `X-Request-Id`, to quote when reporting a problem. */
  requestId: z.string().optional(),
})
export type ProblemDetails = z.infer<typeof problemDetailsSchema>
