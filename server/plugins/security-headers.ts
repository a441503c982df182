import { newNonce, securityHeaders, withNonce } from '../http/security-headers'
import { isBehindTls } from '../http/trust'

declare module 'h3' {
  interface H3EventContext {
    /** This response's CSP nonce, for the inline scripts of the pages the server renders. */
    cspNonce?: string
  }
}

/**
 * Every response, pages, API, assets and errors alike, carries the security headers, set as the request
 * arrives so no handler can forget them; pages rendered by Nuxt get the response's nonce on their tags.
 */
export default defineNitroPlugin((nitroApp) => {
  nitroApp.hooks.hook('request', (event) => {
    const nonce = newNonce()
    event.context.cspNonce = nonce
    setResponseHeaders(event, securityHeaders(nonce, isBehindTls(event.node.req, useConfig().trustedProxies)))
  })
  nitroApp.hooks.hook('render:html', (html, { event }) => {
    const nonce = event.context.cspNonce
    if (!nonce) return
    html.head = html.head.map(part => withNonce(part, nonce))
    html.bodyPrepend = html.bodyPrepend.map(part => withNonce(part, nonce))
    html.bodyAppend = html.bodyAppend.map(part => withNonce(part, nonce))
  })
})
