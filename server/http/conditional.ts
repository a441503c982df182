import etag from 'etag'

/**
 * A weak ETag of a response body. Weak, because the body may travel compressed: the same JSON is the same
 * resource whatever the encoding.
 */
export const weakETagOf = (body: string | Buffer): string => etag(body, { weak: true })

const opaqueTag = (eTag: string) => eTag.trim().replace(/^W\//, '')

/**
 * Whether `If-None-Match` already names this ETag (weak comparison, RFC 9110 §13.1.2). The request's
 * Cache-Control does not matter here: it speaks to caches on the way, and fetch() adds `no-cache` to any
 * request it sends with If-None-Match.
 */
export function isNotModified(ifNoneMatch: string | undefined, eTag: string): boolean {
  if (!ifNoneMatch) return false
  if (ifNoneMatch.trim() === '*') return true
  const ours = opaqueTag(eTag)
  return ifNoneMatch.split(',').some(candidate => opaqueTag(candidate) === ours)
}
