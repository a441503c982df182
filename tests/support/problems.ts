import { expect } from 'vitest'
import type { ApiResponse } from './http'

/** Asserts an RFC 9457 problem-details answer with this status, and returns its body. */
export function expectProblem(response: ApiResponse, status: number, instance?: string) {
  expect(response.status, JSON.stringify(response.data)).toBe(status)
  expect(response.type).toMatch(/^application\/problem\+json/)
  expect(response.data).toMatchObject({
    type: expect.stringMatching(/^\/problems\/[a-z-]+$/),
    title: expect.any(String),
    status,
    detail: expect.any(String),
    instance: expect.stringMatching(/^\/api\//),
    requestId: response.headers.get('x-request-id'),
  })
  if (instance !== undefined) expect(response.data.instance).toBe(instance)
  return response.data as { type: string, title: string, status: number, detail: string, instance: string, requestId: string, errors?: { path: string, message: string }[] }
}
