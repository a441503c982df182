import type { IncomingMessage } from 'node:http'
import proxyAddr from 'proxy-addr'

/** A comma-separated setting as its entries, blanks dropped. */
export const listSetting = (value: string): string[] => value.split(',').map(entry => entry.trim()).filter(Boolean)

/** Whether proxy-addr accepts every entry (an address, a CIDR range, or one of its named ranges). */
export function isProxyList(value: string): boolean {
  try {
    proxyAddr.compile(listSetting(value))
    return true
  }
  catch {
    return false
  }
}

/** Whether every entry is an origin: a scheme and host (and port), nothing more. */
export function isOriginList(value: string): boolean {
  return listSetting(value).every((entry) => {
    try {
      return new URL(entry).origin === entry
    }
    catch {
      return false
    }
  })
}

type TrustFunction = (address: string, hop: number) => boolean

const compiled = new Map<string, TrustFunction>()
const trustOf = (trustedProxies: string) => {
  let trust = compiled.get(trustedProxies)
  if (!trust) compiled.set(trustedProxies, trust = proxyAddr.compile(listSetting(trustedProxies)))
  return trust
}

/**
 * The client's address: the socket's peer, or, when that peer is a trusted proxy, the nearest address in
 * X-Forwarded-For that is not one. With no trusted proxies the header is ignored, so a client cannot
 * choose the address its requests are counted under.
 */
export function clientAddress(request: IncomingMessage, trustedProxies: string): string {
  if (!request.socket?.remoteAddress) return 'unknown'
  return proxyAddr(request, trustOf(trustedProxies))
}

/**
 * Whether a browser page of this origin may use the server: the server's own origin (as the request's
 * Host names it) or one of the allowed origins. A request without Origin is not from a page, so allowed.
 */
export function isAllowedOrigin(origin: string | undefined, host: string | undefined, allowedOrigins: string): boolean {
  if (!origin) return true
  let parsed: URL
  try {
    parsed = new URL(origin)
  }
  catch {
    return false
  }
  if (host && parsed.host === host) return true
  return listSetting(allowedOrigins).includes(parsed.origin)
}

/** The first value of an `X-Forwarded-*` header, when the peer is a trusted proxy; else undefined. */
function forwardedByTrustedProxy(request: IncomingMessage, trustedProxies: string, header: string): string | undefined {
  const peer = request.socket?.remoteAddress
  if (!peer || !trustOf(trustedProxies)(peer, 0)) return undefined
  const value = request.headers[header]
  return String(Array.isArray(value) ? value[0] : value ?? '').split(',')[0]!.trim() || undefined
}

/**
 * Whether the client reached the server over TLS: the socket is encrypted, or the peer is a trusted proxy
 * (trustedProxies) that says so in X-Forwarded-Proto. An untrusted peer cannot claim it.
 */
export function isBehindTls(request: IncomingMessage, trustedProxies: string): boolean {
  if ((request.socket as { encrypted?: boolean } | undefined)?.encrypted) return true
  return forwardedByTrustedProxy(request, trustedProxies, 'x-forwarded-proto')?.toLowerCase() === 'https'
}

/**
 * The host the client asked for: `X-Forwarded-Host` when a trusted proxy (trustedProxies) sends it, since a
 * proxy may pass another `Host` on; otherwise the request's own `Host`.
 */
export function requestedHost(request: IncomingMessage, trustedProxies: string): string | undefined {
  return forwardedByTrustedProxy(request, trustedProxies, 'x-forwarded-host') ?? request.headers.host
}
