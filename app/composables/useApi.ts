/** No answer at all (not an HTTP error): the network or the server is unreachable. */
export function isNetworkFailure(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false
  const failure = error as { response?: unknown, name?: string, cause?: { name?: string } }
  return failure.response === undefined && failure.name !== 'AbortError' && failure.cause?.name !== 'AbortError'
}

/** A read not kept is read again from the network next time: nothing waits for it, and nothing fails with it. */
const keepRead = (url: string, body: unknown) => import('~/offline/keep-reads').then(({ keepRead }) => keepRead(url, body)).catch(() => {})

/**
 * The API client for pages and stores. On the server it forwards the visitor's session; in the browser it
 * keeps what was read for offline use and, when the network fails, answers reads from this device. The
 * offline code loads only when it is needed, so it adds nothing to a page's first load.
 */
export function useApi(): ReturnType<typeof useRequestFetch> {
  const request = useRequestFetch()
  if (import.meta.server) return request
  const api = (async (url: string, options?: { method?: string, query?: Record<string, unknown> }) => {
    const reading = (options?.method ?? 'GET').toUpperCase() === 'GET'
    try {
      const body = await request(url, options as never)
      if (reading) void keepRead(url, body)
      return body
    }
    catch (error) {
      if (!reading || !isNetworkFailure(error)) throw error
      const { answerOffline } = await import('~/offline/local-api')
      return await answerOffline(url, options?.query)
    }
  }) as ReturnType<typeof useRequestFetch>
  return api
}
