import { describe, expect, it } from 'vitest'
import { csrfTokenOf, csrfVerdict, isCsrfToken, isSameOrigin, type RequestOrigin } from '../../../server/http/csrf'

const host = 'app.example.org'
const post = (fields: Partial<RequestOrigin>): RequestOrigin => ({ method: 'POST', host, bearer: false, sessionCookie: true, ...fields })

describe('cross-site request forgery', () => {
  it('lets reads through whatever their origin: they change nothing', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS']) {
      expect(csrfVerdict(post({ method, fetchSite: 'cross-site', origin: 'https://evil.example' }))).toBe('allow')
    }
  })

  it('refuses a change a browser says came from another site, or a sibling subdomain', () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      expect(csrfVerdict(post({ method, fetchSite: 'cross-site', origin: 'https://evil.example' }))).toBe('cross-site')
      expect(csrfVerdict(post({ method, fetchSite: 'same-site', origin: 'https://other.example.org' }))).toBe('cross-site')
    }
    // Sec-Fetch-Site decides even when Origin is forged to look like the app's own (it cannot be, from a page).
    expect(csrfVerdict(post({ fetchSite: 'cross-site', origin: `https://${host}` }))).toBe('cross-site')
  })

  it('takes a change from the app\'s own pages: Sec-Fetch-Site same-origin or none, or its own Origin', () => {
    expect(csrfVerdict(post({ fetchSite: 'same-origin', origin: `https://${host}` }))).toBe('allow')
    expect(csrfVerdict(post({ fetchSite: 'none' }))).toBe('allow')
    // Browsers without Sec-Fetch-Site: Origin alone, whose scheme a TLS-ending proxy may change.
    expect(csrfVerdict(post({ origin: `https://${host}` }))).toBe('allow')
    expect(csrfVerdict(post({ origin: `http://${host}` }))).toBe('allow')
  })

  it('judges Origin alone when Sec-Fetch-Site is missing: another host, another port, null and garbage are refused', () => {
    expect(csrfVerdict(post({ origin: 'https://evil.example' }))).toBe('cross-site')
    expect(csrfVerdict(post({ origin: `https://${host}:8443` }))).toBe('cross-site')
    expect(csrfVerdict(post({ origin: 'null' }))).toBe('cross-site')
    expect(csrfVerdict(post({ origin: 'not a url' }))).toBe('cross-site')
    expect(csrfVerdict(post({ origin: `https://${host}`, host: undefined }))).toBe('cross-site')
  })

  it('guards sign-in and registration too: no cookie yet, but a foreign page may not sign the reader in', () => {
    expect(csrfVerdict(post({ sessionCookie: false, fetchSite: 'cross-site', origin: 'https://evil.example' }))).toBe('cross-site')
    expect(csrfVerdict(post({ sessionCookie: false, origin: 'https://evil.example' }))).toBe('cross-site')
  })

  it('asks a client with the cookie but neither header for the session\'s token; without the cookie nothing is at stake', () => {
    expect(csrfVerdict(post({}))).toBe('token')
    expect(csrfVerdict(post({ sessionCookie: false }))).toBe('allow')
  })

  it('exempts bearer tokens: no browser attaches one to a forged request', () => {
    expect(csrfVerdict(post({ bearer: true, fetchSite: 'cross-site', origin: 'https://evil.example' }))).toBe('allow')
  })

  it('compares hosts, not schemes', () => {
    expect(isSameOrigin('https://app.example.org', 'app.example.org')).toBe(true)
    expect(isSameOrigin('https://app.example.org.evil.example', 'app.example.org')).toBe(false)
    expect(isSameOrigin('https://evil.example', undefined)).toBe(false)
  })
})

describe('the session\'s anti-forgery token', () => {
  const secret = 'a session password of thirty-two characters or more'

  it('is the session\'s own and the server\'s: another session\'s token, another key, or none is refused', () => {
    const token = csrfTokenOf('session-a', secret)
    expect(isCsrfToken(token, 'session-a', secret)).toBe(true)
    expect(isCsrfToken(token, 'session-b', secret)).toBe(false)
    expect(isCsrfToken(token, 'session-a', `${secret}!`)).toBe(false)
    expect(isCsrfToken(undefined, 'session-a', secret)).toBe(false)
    expect(isCsrfToken(`${token}x`, 'session-a', secret)).toBe(false)
    expect(isCsrfToken('', 'session-a', secret)).toBe(false)
  })
})
