import type { IncomingMessage } from 'node:http'
import { describe, expect, it } from 'vitest'
import { corsHeaders, isCorsOrigin } from '../../../server/http/cors'
import { contentSecurityPolicy, newNonce, securityHeaders, withNonce } from '../../../server/http/security-headers'
import { isBehindTls, requestedHost } from '../../../server/http/trust'

/** The CSP as a map of directive to its sources. */
const directives = (policy: string) => new Map(policy.split(';').map(part => part.trim().split(/\s+/)).map(([name, ...sources]) => [name!, sources]))

describe('the Content-Security-Policy', () => {
  it('allows scripts from the app itself and inline only with the nonce, WebAssembly but no eval, and no framing', () => {
    const policy = directives(contentSecurityPolicy('abc123', false))
    expect(policy.get('script-src')).toEqual(['\'self\'', '\'nonce-abc123\'', '\'wasm-unsafe-eval\''])
    expect(policy.get('script-src')).not.toContain('\'unsafe-inline\'')
    expect(policy.get('script-src')).not.toContain('\'unsafe-eval\'')
    expect(policy.get('frame-ancestors')).toEqual(['\'none\''])
    expect(policy.get('object-src')).toEqual(['\'none\''])
    expect(policy.get('base-uri')).toEqual(['\'none\''])
    expect(policy.get('default-src')).toEqual(['\'self\''])
    expect(policy.has('upgrade-insecure-requests')).toBe(false)
    expect(directives(contentSecurityPolicy('abc123', true)).has('upgrade-insecure-requests')).toBe(true)
  })

  it('gets a new nonce for every response', () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce))
    expect(nonces.size).toBe(100)
    for (const nonce of nonces) expect(Buffer.from(nonce, 'base64')).toHaveLength(16)
  })

  it('puts the nonce on the page\'s script and link tags, once, and on nothing else', () => {
    const html = '<link rel="modulepreload" href="/_nuxt/a.js"><script type="module" src="/_nuxt/entry.js"></script>'
      + '<script nonce="kept">x</script><scripts></scripts><p>script</p>'
    expect(withNonce(html, 'N')).toBe('<link nonce="N" rel="modulepreload" href="/_nuxt/a.js"><script nonce="N" type="module" src="/_nuxt/entry.js"></script>'
      + '<script nonce="kept">x</script><scripts></scripts><p>script</p>')
  })
})

describe('the security headers', () => {
  it('are all there, with HSTS only over TLS', () => {
    const plain = securityHeaders('n', false)
    expect(plain).toMatchObject({
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'same-origin',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
      'x-frame-options': 'DENY',
    })
    expect(plain['permissions-policy']).toMatch(/camera=\(\), microphone=\(\), geolocation=\(\)/)
    expect(plain['strict-transport-security']).toBeUndefined()
    expect(securityHeaders('n', true)['strict-transport-security']).toMatch(/^max-age=\d{8,}; includeSubDomains$/)
  })
})

describe('TLS as the server sees it', () => {
  const request = (remoteAddress: string, headers: Record<string, string> = {}, encrypted = false) =>
    ({ socket: { remoteAddress, encrypted }, headers }) as unknown as IncomingMessage

  it('is the socket\'s own, or a trusted proxy\'s X-Forwarded-Proto; nobody else may claim it', () => {
    expect(isBehindTls(request('192.0.2.5', {}, true), '')).toBe(true)
    expect(isBehindTls(request('192.0.2.5'), '')).toBe(false)
    expect(isBehindTls(request('192.0.2.5', { 'x-forwarded-proto': 'https' }), '')).toBe(false)
    expect(isBehindTls(request('127.0.0.1', { 'x-forwarded-proto': 'https' }), 'loopback')).toBe(true)
    expect(isBehindTls(request('127.0.0.1', { 'x-forwarded-proto': 'https, http' }), 'loopback')).toBe(true)
    expect(isBehindTls(request('127.0.0.1', { 'x-forwarded-proto': 'http' }), 'loopback')).toBe(false)
    expect(isBehindTls(request('192.0.2.5', { 'x-forwarded-proto': 'https' }), 'loopback')).toBe(false)
  })
})

describe('the host a client asked for', () => {
  const request = (remoteAddress: string, headers: Record<string, string>) => ({ socket: { remoteAddress }, headers }) as unknown as IncomingMessage

  it('is a trusted proxy\'s X-Forwarded-Host, else the Host header', () => {
    expect(requestedHost(request('127.0.0.1', { 'host': 'upstream:3000', 'x-forwarded-host': 'app.example.org' }), 'loopback')).toBe('app.example.org')
    expect(requestedHost(request('127.0.0.1', { 'host': 'upstream:3000', 'x-forwarded-host': 'app.example.org, other' }), 'loopback')).toBe('app.example.org')
    expect(requestedHost(request('192.0.2.5', { 'host': 'app.example.org', 'x-forwarded-host': 'evil.example' }), 'loopback')).toBe('app.example.org')
    expect(requestedHost(request('127.0.0.1', { host: 'app.example.org' }), 'loopback')).toBe('app.example.org')
  })
})

describe('CORS', () => {
  it('allows only the listed origins, exactly', () => {
    const list = 'https://client.example, http://localhost:5173'
    expect(isCorsOrigin('https://client.example', list)).toBe(true)
    expect(isCorsOrigin('http://localhost:5173', list)).toBe(true)
    expect(isCorsOrigin('https://client.example.evil', list)).toBe(false)
    expect(isCorsOrigin('null', list)).toBe(false)
    expect(isCorsOrigin(undefined, list)).toBe(false)
    expect(isCorsOrigin('https://client.example', '')).toBe(false)
  })

  it('never allows credentials, in a preflight or an answer', () => {
    const preflight = corsHeaders('https://client.example', true)
    expect(preflight).toMatchObject({ 'access-control-allow-origin': 'https://client.example' })
    expect(preflight['access-control-allow-headers']).toMatch(/authorization/)
    expect(preflight['access-control-allow-methods']).toMatch(/PATCH/)
    for (const headers of [preflight, corsHeaders('https://client.example', false)]) {
      expect(Object.keys(headers)).not.toContain('access-control-allow-credentials')
    }
  })
})
