import type { H3Event } from 'h3'
import type { z } from 'zod'
import { ProblemError, problems } from '../errors'
import type { Operation, ValidRequest } from '../openapi/operation'

/** The value, checked against the schema; bad fields become a validation problem naming each. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value)
  if (!result.success) {
    throw problems.validation(result.error.issues.map(issue => ({ path: issue.path.join('.'), message: issue.message })))
  }
  return result.data
}

/** The JSON body, checked against the schema; malformed JSON and bad fields become problem details. */
export async function validBody<S extends z.ZodType>(event: H3Event, schema: S): Promise<z.infer<S>> {
  let raw: unknown
  try {
    raw = await readBody(event)
  }
  catch (error) {
    // A body over the limit says so (413); anything else h3 could not parse is malformed JSON.
    if (error instanceof ProblemError) throw error
    throw problems.badRequest('The request body is not valid JSON.')
  }
  return parseWith(schema, raw)
}

export const validQuery = <S extends z.ZodType>(event: H3Event, schema: S): z.infer<S> => parseWith(schema, getQuery(event))
export const validParams = <S extends z.ZodType>(event: H3Event, schema: S): z.infer<S> => parseWith(schema, getRouterParams(event, { decode: true }))

/**
 * The request's path parameters, query and JSON body, each checked against the operation's schema (in that
 * order); a part the operation does not take is undefined. The same schemas document the operation.
 */
export async function validRequest<O extends Operation>(event: H3Event, operation: O): Promise<ValidRequest<O>> {
  const params = operation.params && validParams(event, operation.params)
  const query = operation.query && validQuery(event, operation.query)
  const body = operation.body && await validBody(event, operation.body)
  return { params, query, body } as ValidRequest<O>
}
