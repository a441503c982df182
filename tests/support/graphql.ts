import { expect } from 'vitest'
import type { ApiClient } from './http'

type Json = any // eslint-disable-line @typescript-eslint/no-explicit-any

/** A GraphQL subscription over server-sent events, read as it arrives. */
export interface OpenSubscription {
  /** Each `next` payload so far. */
  readonly payloads: Json[]
  /** Resolves true when the server completes the stream, false when the client hung up first. */
  readonly ended: Promise<boolean>
  close(): void
}

/** Opens a subscription as this client and reads its events in the background. */
export async function openSubscription(client: ApiClient, query: string, variables: Record<string, unknown>, timeoutMs = 30_000, headers: Record<string, string> = {}): Promise<OpenSubscription> {
  const aborted = new AbortController()
  const timer = setTimeout(() => aborted.abort(), timeoutMs)
  const response = await fetch(`${client.baseURL}/api/graphql`, {
    method: 'POST', signal: aborted.signal,
    headers: { 'content-type': 'application/json', 'accept': 'text/event-stream', 'cookie': client.cookieHeader, 'origin': client.baseURL, ...headers },
    body: JSON.stringify({ query, variables }),
  })
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/)
  const payloads: Json[] = []
  const read = async (): Promise<boolean> => {
    let buffer = ''
    const decoder = new TextDecoder()
    try {
      for await (const chunk of response.body!) {
        buffer += decoder.decode(chunk, { stream: true })
        let end: number
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const event = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          const data = event.split('\n').filter(line => line.startsWith('data:')).map(line => line.slice(5).trim()).join('\n')
          if (event.startsWith('event: next') && data) payloads.push(JSON.parse(data))
          if (event.startsWith('event: complete')) return true
        }
      }
      return true
    }
    catch (error) {
      if (!aborted.signal.aborted) throw error
      return false
    }
    finally {
      clearTimeout(timer)
    }
  }
  return { payloads, ended: read(), close: () => aborted.abort() }
}

/**
 * A subscription over server-sent events: collects each `next` payload until `done` says so (or the time
 * runs out), then hangs up.
 */
export async function subscribe(client: ApiClient, query: string, variables: Record<string, unknown>, done: (payloads: Json[]) => boolean, timeoutMs = 20_000): Promise<Json[]> {
  const subscription = await openSubscription(client, query, variables, timeoutMs)
  const deadline = Date.now() + timeoutMs
  let ended = false
  void subscription.ended.then(() => ended = true, () => ended = true)
  while (!ended && !done(subscription.payloads) && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 20))
  subscription.close()
  await subscription.ended.catch(() => undefined)
  return subscription.payloads
}
