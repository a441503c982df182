import type { H3Event } from 'h3'
import { compress, isCompressible, negotiateEncoding } from '../http/compression'
import { isNotModified, weakETagOf } from '../http/conditional'

/** A handler's return value as the bytes h3 would send, or undefined for streams, files and web responses. */
function serialized(event: H3Event, body: unknown): Buffer | undefined {
  if (typeof body === 'string') {
    if (!getResponseHeader(event, 'content-type')) setResponseHeader(event, 'content-type', 'text/html; charset=utf-8')
    return Buffer.from(body)
  }
  if (body === null || typeof body !== 'object' || body instanceof Response || body instanceof ReadableStream
    || body instanceof Uint8Array || 'pipe' in body || 'arrayBuffer' in body) return undefined
  setResponseHeader(event, 'content-type', 'application/json')
  return Buffer.from(JSON.stringify(body))
}

const isCacheableRead = (event: H3Event) =>
  (event.method === 'GET' || event.method === 'HEAD') && event.path.startsWith('/api/') && getResponseStatus(event) === 200

/**
 * Reads of the API get an ETag and answer a matching If-None-Match with 304; JSON and HTML are compressed
 * when the client accepts it (Nitro's Node server compresses only the prebuilt public assets).
 */
export default defineNitroPlugin((nitroApp) => {
  nitroApp.hooks.hook('beforeResponse', async (event, response) => {
    if (event.node.res.headersSent) return
    const cacheable = isCacheableRead(event)
    const encoding = negotiateEncoding(getRequestHeader(event, 'accept-encoding'))
    if (!cacheable && !encoding) return
    let body = serialized(event, response.body)
    if (!body) return
    if (cacheable) {
      const eTag = weakETagOf(body)
      setResponseHeader(event, 'etag', eTag)
      // Revalidate every time: the data changes under the same URL as documents are processed and edited.
      if (!getResponseHeader(event, 'cache-control')) setResponseHeader(event, 'cache-control', 'private, no-cache')
      if (isNotModified(getRequestHeader(event, 'if-none-match'), eTag)) {
        setResponseStatus(event, 304)
        response.body = null
        return
      }
    }
    appendResponseHeader(event, 'vary', 'accept-encoding')
    if (encoding && isCompressible(String(getResponseHeader(event, 'content-type')), body.byteLength)) {
      body = await compress(body, encoding)
      setResponseHeader(event, 'content-encoding', encoding)
    }
    response.body = body
  })
})
