import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { compress, isCompressible, minimumCompressibleBytes, negotiateEncoding } from '../../../server/http/compression'
import { isNotModified, weakETagOf } from '../../../server/http/conditional'
import { requestIdFrom } from '../../../server/http/request-id'

describe('negotiateEncoding', () => {
  it('prefers brotli, then gzip, as the client allows', () => {
    expect(negotiateEncoding('gzip, deflate, br')).toBe('br')
    expect(negotiateEncoding('gzip, deflate')).toBe('gzip')
    expect(negotiateEncoding('br;q=0.2, gzip;q=0.8')).toBe('gzip')
  })

  it('sends nothing compressed to a client that refuses or does not ask', () => {
    expect(negotiateEncoding(undefined)).toBeUndefined()
    expect(negotiateEncoding('identity')).toBeUndefined()
    expect(negotiateEncoding('deflate')).toBeUndefined()
    expect(negotiateEncoding('br;q=0, gzip;q=0')).toBeUndefined()
  })
})

describe('compress', () => {
  const json = Buffer.from(JSON.stringify(Array.from({ length: 200 }, (_, i) => ({ id: i, title: `Atom ${i}`, body: 'The cell membrane.' }))))

  it('round-trips through each encoding and makes JSON much smaller', async () => {
    const br = await compress(json, 'br')
    const gz = await compress(json, 'gzip')
    expect(brotliDecompressSync(br).equals(json)).toBe(true)
    expect(gunzipSync(gz).equals(json)).toBe(true)
    expect(br.byteLength).toBeLessThan(json.byteLength / 5)
  })

  it('compresses only text worth compressing', () => {
    expect(isCompressible('application/json', 5000)).toBe(true)
    expect(isCompressible('application/problem+json', 5000)).toBe(true)
    expect(isCompressible('text/html; charset=utf-8', 5000)).toBe(true)
    expect(isCompressible('application/json', minimumCompressibleBytes - 1)).toBe(false)
    expect(isCompressible('image/png', 5000)).toBe(false)
    expect(isCompressible('application/pdf', 5000)).toBe(false)
    expect(isCompressible(undefined, 5000)).toBe(false)
  })
})

describe('ETags', () => {
  it('are weak, stable for the same body and different for another', () => {
    const eTag = weakETagOf('{"a":1}')
    expect(eTag).toMatch(/^W\/"/)
    expect(weakETagOf(Buffer.from('{"a":1}'))).toBe(eTag)
    expect(weakETagOf('{"a":2}')).not.toBe(eTag)
  })

  it('match If-None-Match with the tag, a list holding it, or *', () => {
    const eTag = weakETagOf('{"a":1}')
    expect(isNotModified(eTag, eTag)).toBe(true)
    expect(isNotModified(`W/"other", ${eTag}`, eTag)).toBe(true)
    expect(isNotModified(' * ', eTag)).toBe(true)
    // Weak comparison: a strong tag with the same opaque value matches too.
    expect(isNotModified(eTag.slice(2), eTag)).toBe(true)
    expect(isNotModified(weakETagOf('{"a":2}'), eTag)).toBe(false)
    expect(isNotModified(undefined, eTag)).toBe(false)
    expect(isNotModified('', eTag)).toBe(false)
  })
})

describe('requestIdFrom', () => {
  it('keeps an acceptable caller id and replaces anything else with a new UUID', () => {
    expect(requestIdFrom('trace-123.abc:7')).toBe('trace-123.abc:7')
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
    expect(requestIdFrom(undefined)).toMatch(uuid)
    expect(requestIdFrom('')).toMatch(uuid)
    expect(requestIdFrom('evil\r\nset-cookie: x')).toMatch(uuid)
    expect(requestIdFrom('x'.repeat(129))).toMatch(uuid)
    expect(requestIdFrom(undefined)).not.toBe(requestIdFrom(undefined))
  })
})
