import { createError } from 'h3'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { toProblem } from '../../server/error-handler'
import type { ProblemError } from '../../server/errors'
import { problems } from '../../server/errors'
import { InvalidCursorError } from '../../server/drivers/store/cursor'

const instance = '/api/v1/things'

describe('toProblem', () => {
  it('maps a ProblemError to its problem details', () => {
    expect(toProblem(problems.notFound('document', 'abc'), instance)).toEqual({
      type: '/problems/not-found', title: 'Not found', status: 404, detail: 'No document with id "abc".', instance,
    })
  })

  it('unwraps a ProblemError that h3 wrapped while the handler threw it', () => {
    const wrapped = createError(problems.forbidden('Only the owner can change this document.'))
    expect(toProblem(wrapped, instance)).toEqual({
      type: '/problems/forbidden', title: 'Not allowed', status: 403, detail: 'Only the owner can change this document.', instance,
    })
  })

  it('keeps the field errors of a validation problem', () => {
    const problem = toProblem(problems.validation([{ path: 'email', message: 'a valid email address is required' }]), instance)
    expect(problem).toEqual({
      type: '/problems/validation', title: 'The request is not valid', status: 422, instance,
      detail: 'email: a valid email address is required', errors: [{ path: 'email', message: 'a valid email address is required' }],
    })
  })

  it('maps every catalogued problem to its own status and a /problems/ type', () => {
    const cases: [ProblemError, number][] = [
      [problems.badRequest('x'), 400], [problems.unauthorized(), 401], [problems.badCredentials(), 401],
      [problems.forbidden('x'), 403], [problems.notFound('x'), 404], [problems.conflict('x'), 409],
      [problems.lengthRequired(), 411], [problems.tooLarge(10), 413], [problems.unsupportedType('x'), 415],
      [problems.tooManyRequests(30), 429], [problems.unavailable('x'), 503],
    ]
    for (const [error, status] of cases) {
      const problem = toProblem(error, instance)
      expect(problem.status).toBe(status)
      expect(problem.type).toMatch(/^\/problems\/[a-z-]+$/)
      expect(problem.title.length).toBeGreaterThan(0)
      expect(problem.detail).toEqual(expect.any(String))
    }
  })

  it('tells how long to wait when there were too many requests, in the detail and a Retry-After header', () => {
    const error = problems.tooManyRequests(42)
    expect(toProblem(error, instance)).toEqual({
      type: '/problems/too-many-requests', title: 'Too many requests', status: 429, detail: 'Too many attempts; try again in 42 seconds.', instance,
    })
    expect(error.headers).toEqual({ 'retry-after': '42' })
    expect(problems.tooManyRequests(1).message).toBe('Too many attempts; try again in 1 second.')
  })

  it('maps a ZodError to a 422 with one error per issue', () => {
    const result = z.object({ email: z.email(), age: z.number().min(0) }).safeParse({ email: 'nope', age: -1 })
    const problem = toProblem(result.error, instance)
    expect(problem).toMatchObject({ type: '/problems/validation', status: 422, instance })
    expect(problem.errors?.map(error => error.path)).toEqual(['email', 'age'])
    expect(problem.detail).toContain('email: ')
    expect(problem.detail).toContain('age: ')
  })

  it('maps an invalid cursor to a 400', () => {
    expect(toProblem(createError(new InvalidCursorError()), instance)).toEqual({
      type: '/problems/bad-request', title: 'Bad request', status: 400, detail: 'the page cursor is not valid', instance,
    })
  })

  it('maps h3 client errors by status, with a readable detail for bad JSON', () => {
    expect(toProblem(createError({ statusCode: 405, statusMessage: 'Method Not Allowed' }), instance)).toEqual({
      type: '/problems/method-not-allowed', title: 'Method not allowed', status: 405, detail: 'Method Not Allowed', instance,
    })
    // Exactly how h3's readBody reports a body that is not JSON.
    expect(toProblem(createError({ statusCode: 400, statusMessage: 'Bad Request', message: 'Invalid JSON body' }), instance)).toEqual({
      type: '/problems/bad-request', title: 'Bad request', status: 400, detail: 'The request body is not valid JSON.', instance,
    })
    expect(toProblem(createError({ statusCode: 413, statusMessage: 'Too big' }), instance))
      .toMatchObject({ status: 413, type: '/problems/content-too-large', title: 'Content too large' })
    expect(toProblem(createError({ statusCode: 418, statusMessage: 'Teapot' }), instance))
      .toMatchObject({ status: 418, title: 'Request error', type: '/problems/error' })
  })

  it('hides the details of anything unexpected behind a 500', () => {
    const secret = 'SQLITE_CORRUPT at /srv/data/atomizer.sqlite'
    for (const error of [new Error(secret), createError(new Error(secret)), createError({ statusCode: 502, statusMessage: secret }), secret, undefined]) {
      const problem = toProblem(error, instance)
      expect(problem).toEqual({ type: '/problems/internal', title: 'Internal error', status: 500, detail: 'Something went wrong on our side.', instance })
      expect(JSON.stringify(problem)).not.toContain('SQLITE')
    }
  })
})
