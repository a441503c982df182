/** A response of `BrowserLikeClient`, after any redirects it followed. */
export interface FollowedResponse {
  status: number
  /** The URL of the last response. */
  url: string
  /** The `location` of the last response, if it redirects. */
  location: string | null
  text: string
  /** Every URL visited, in order. */
  visited: string[]
}

interface StoredCookie {
  value: string
  path: string
}

/**
 * Fetches like a browser across the app and a sign-in provider: keeps cookies per host and path (like a browser,
 * not per port) and follows redirects, so a test can walk a single sign-on hop by hop or at once.
 */
export class BrowserLikeClient {
  private readonly cookies = new Map<string, Map<string, StoredCookie>>()

  private jar(host: string) {
    let jar = this.cookies.get(host)
    if (!jar) this.cookies.set(host, jar = new Map())
    return jar
  }

  /** The cookie header this client would send to the URL. */
  cookieHeader(url: string): string {
    const { hostname, pathname } = new URL(url)
    return [...this.jar(hostname)].filter(([, cookie]) => pathname.startsWith(cookie.path)).map(([name, cookie]) => `${name}=${cookie.value}`).join('; ')
  }

  cookie(url: string, name: string): string | undefined {
    return this.jar(new URL(url).hostname).get(name)?.value
  }

  /** Sets a cookie as a server would have (for replaying an old one). */
  setCookie(url: string, name: string, value: string, path = '/') {
    this.jar(new URL(url).hostname).set(name, { value, path })
  }

  private keep(url: string, response: Response) {
    const jar = this.jar(new URL(url).hostname)
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';').map(part => part.trim())
      const separator = pair!.indexOf('=')
      const name = pair!.slice(0, separator)
      const value = pair!.slice(separator + 1)
      const path = attributes.find(attribute => /^path=/i.test(attribute))?.slice(5) || '/'
      const expired = attributes.some(attribute => /^max-age=(0|-)/i.test(attribute)
        || (/^expires=/i.test(attribute) && Date.parse(attribute.slice(8)) <= Date.now()))
      if (expired || value === '') jar.delete(name)
      else jar.set(name, { value, path })
    }
  }

  /** One request, no redirect followed. */
  async send(url: string, init: { method?: string, form?: Record<string, string>, json?: unknown } = {}): Promise<Response> {
    const headers: Record<string, string> = {}
    const cookie = this.cookieHeader(url)
    if (cookie) headers.cookie = cookie
    let body: string | undefined
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded'
      body = new URLSearchParams(init.form).toString()
    }
    if (init.json !== undefined) {
      headers['content-type'] = 'application/json'
      body = JSON.stringify(init.json)
    }
    const method = init.method ?? (body ? 'POST' : 'GET')
    // As a browser does: a request that may change state names the origin of the page it comes from (here, the
    // site's own pages), which the app's CSRF check reads.
    if (method !== 'GET' && method !== 'HEAD') headers.origin = new URL(url).origin
    const response = await fetch(url, { method, headers, body, redirect: 'manual' })
    this.keep(url, response)
    return response
  }

  /** Follows redirects until `stop` says to (by default: not at all past a non-redirect) or 20 hops. */
  async follow(url: string, init: { form?: Record<string, string>, stopAt?: (url: string) => boolean } = {}): Promise<FollowedResponse> {
    const visited = [url]
    let response = await this.send(url, { form: init.form })
    let current = url
    for (let hop = 0; hop < 20; hop++) {
      const location = response.headers.get('location')
      if (response.status < 300 || response.status >= 400 || !location) break
      const next = new URL(location, current).href
      if (init.stopAt?.(next)) return { status: response.status, url: current, location: next, text: await response.text(), visited }
      await response.body?.cancel()
      visited.push(next)
      current = next
      response = await this.send(next)
    }
    return { status: response.status, url: current, location: response.headers.get('location'), text: await response.text(), visited }
  }
}

/** The JSON answer of a request sent with the client's cookies. */
export async function jsonOf(client: BrowserLikeClient, url: string, init: { method?: string, json?: unknown } = {}): Promise<{ status: number, data: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const response = await client.send(url, init)
  const text = await response.text()
  return { status: response.status, data: text ? JSON.parse(text) : null }
}
