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
export const listParam = <T extends z.ZodType>(item: T) => z.preprocess(
  value => value === undefined
    ? undefined
    : [value].flat().flatMap(part => String(part).split(',')).map(part => part.trim()).filter(Boolean),
  z.array(item).max(20, 'too many values').optional(),
)

export interface Page<T> {
  items: T[]
  nextCursor?: string
}

/** RFC 9457 problem details, as every API error is returned. */
export interface ProblemDetails {
  type: string
  title: string
  status: number
  detail?: string
  instance?: string
  errors?: { path: string, message: string }[]
  /** The response's `X-Request-Id`, to quote when reporting a problem. */
  requestId?: string
}
