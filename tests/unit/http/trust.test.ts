import type { IncomingMessage } from 'node:http'
import { describe, expect, it } from 'vitest'
import { clientAddress, isAllowedOrigin, isOriginList, isProxyList } from '../../../server/http/trust'

const request = (remoteAddress: string, forwardedFor?: string) =>
  ({ socket: { remoteAddress }, connection: { remoteAddress }, headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} }) as unknown as IncomingMessage

describe('the client address', () => {
  it('is the socket\'s peer when no proxy is trusted, whatever X-Forwarded-For claims', () => {
    expect(clientAddress(request('192.0.2.5', '198.51.100.1'), '')).toBe('192.0.2.5')
  })

  it('is the nearest untrusted address of X-Forwarded-For behind trusted proxies', () => {
    expect(clientAddress(request('127.0.0.1', '198.51.100.1'), 'loopback')).toBe('198.51.100.1')
    // A client cannot slip an address in front of the one the proxy appended.
    expect(clientAddress(request('10.0.0.2', '203.0.113.9, 198.51.100.1, 10.0.0.1'), '10.0.0.0/8')).toBe('198.51.100.1')
    // A peer that is not a trusted proxy is the client itself.
    expect(clientAddress(request('192.0.2.5', '198.51.100.1'), '10.0.0.0/8')).toBe('192.0.2.5')
  })

  it('settings are checked: proxy lists and origin lists', () => {
    expect(isProxyList('')).toBe(true)
    expect(isProxyList('loopback, 10.0.0.0/8, 192.0.2.1')).toBe(true)
    expect(isProxyList('everyone')).toBe(false)
    expect(isOriginList('https://app.example.org, http://localhost:3000')).toBe(true)
    expect(isOriginList('https://app.example.org/path')).toBe(false)
    expect(isOriginList('app.example.org')).toBe(false)
  })
})

describe('allowed origins', () => {
  it('are the server\'s own host and the configured ones; no Origin (not a page) is allowed', () => {
    expect(isAllowedOrigin('http://localhost:3000', 'localhost:3000', '')).toBe(true)
    expect(isAllowedOrigin('https://evil.example', 'localhost:3000', '')).toBe(false)
    expect(isAllowedOrigin('https://app.example.org', 'api.example.org', 'https://app.example.org')).toBe(true)
    expect(isAllowedOrigin('null', 'localhost:3000', '')).toBe(false)
    expect(isAllowedOrigin(undefined, 'localhost:3000', '')).toBe(true)
  })
})
