import { answerOffline } from '~/offline/local-api'
import { remember } from '~/offline/mirror'

/** No answer at all (not an HTTP error): the network or the server is unreachable. */
export function isNetworkFailure(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false
  const failure = error as { response?: unknown, name?: string, cause?: { name?: string } }
  return failure.response === undefined && failure.name !== 'AbortError' && failure.cause?.name !== 'AbortError'
}

/**
 * The API client for pages and stores. On the server it forwards the visitor's session; in the browser it
 * keeps what was read for offline use and, when the network fails, answers reads from this device.
 */
export function useApi(): ReturnType<typeof useRequestFetch> {
  const request = useRequestFetch()
  if (import.meta.server) return request
  const api = (async (url: string, options?: { method?: string, query?: Record<string, unknown> }) => {
    const reading = (options?.method ?? 'GET').toUpperCase() === 'GET'
    try {
      const body = await request(url, options as never)
      if (reading) remember(url, body).catch(() => {})
      return body
    }
    catch (error) {
      if (!reading || !isNetworkFailure(error)) throw error
      return await answerOffline(url, options?.query)
    }
  }) as ReturnType<typeof useRequestFetch>
  return api
}
