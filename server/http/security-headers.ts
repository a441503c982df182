import { randomBytes } from 'node:crypto'

/** A fresh nonce for one response's Content-Security-Policy and the inline scripts it allows. */
export const newNonce = (): string => randomBytes(16).toString('base64')

/**
 * The Content-Security-Policy: scripts only from the app's own origin or inline with this response's
 * nonce, WebAssembly compiled (TF.js's WASM backend) but no `eval`, nothing framing the app, no plugins,
 * forms posting only to the app. Styles may be inline: the server-rendered page carries its CSS inline
 * and Vue binds `style` attributes (a nonce would make browsers ignore 'unsafe-inline').
 */
export function contentSecurityPolicy(nonce: string, secure: boolean): string {
  const directives = [
    `default-src 'self'`,
    `script-src 'self' 'nonce-${nonce}' 'wasm-unsafe-eval'`,
    `style-src 'self' 'unsafe-inline'`,
    `img-src 'self' data: blob:`,
    `font-src 'self' data:`,
    `connect-src 'self'`,
    `worker-src 'self' blob:`,
    `manifest-src 'self'`,
    `object-src 'none'`,
    `base-uri 'none'`,
    `form-action 'self'`,
    `frame-ancestors 'none'`,
  ]
  if (secure) directives.push('upgrade-insecure-requests')
  return directives.join('; ')
}

/**
 * GraphiQL's page, served only by the development server: yoga's page runs inline scripts and loads
 * GraphiQL from unpkg.com, so it gets a policy of its own that allows that and nothing else more.
 */
export const graphiqlContentSecurityPolicy = [
  `default-src 'self'`,
  `script-src 'self' 'unsafe-inline' https://unpkg.com`,
  `style-src 'self' 'unsafe-inline' https://unpkg.com`,
  `img-src 'self' data: https://unpkg.com`,
  `font-src 'self' data: https://unpkg.com`,
  `worker-src 'self' blob:`,
  `connect-src 'self'`,
  `object-src 'none'`,
  `base-uri 'none'`,
  `frame-ancestors 'none'`,
].join('; ')

/** Browser features the app never uses, refused to it and to anything it might embed. */
const permissionsPolicy = ['camera', 'microphone', 'geolocation', 'payment', 'usb', 'serial', 'hid', 'display-capture']
  .map(feature => `${feature}=()`).join(', ')

/** Two years, the preload list's minimum; sent only over TLS, where a browser heeds it. */
const strictTransportSecurity = 'max-age=63072000; includeSubDomains'

/** The headers every response carries (docs/security.md, "Security headers"). */
export function securityHeaders(nonce: string, secure: boolean): Record<string, string> {
  const headers: Record<string, string> = {
    'content-security-policy': contentSecurityPolicy(nonce, secure),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
    'permissions-policy': permissionsPolicy,
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    // For browsers older than frame-ancestors.
    'x-frame-options': 'DENY',
  }
  if (secure) headers['strict-transport-security'] = strictTransportSecurity
  return headers
}

/** Opening tags that load or run script; each gets the nonce unless it has one. */
const scriptTags = /<(script|link)\b(?![^>]*\snonce=)/gi

/** The rendered page's own tags (head and the scripts around the body) with the response's nonce. */
export function withNonce(html: string, nonce: string): string {
  return html.replace(scriptTags, `<$1 nonce="${nonce}"`)
}
