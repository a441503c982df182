import { promisify } from 'node:util'
import zlib from 'node:zlib'
import Negotiator from 'negotiator'

export type Encoding = 'br' | 'gzip'

/** Below this, compression costs more than it saves (a TCP packet holds it anyway). */
export const minimumCompressibleBytes = 1024

const compressible = /^(?:text\/|application\/(?:[\w.+-]*\+)?(?:json|javascript|xml))/

const brotli = promisify(zlib.brotliCompress)
const gzip = promisify(zlib.gzip)

/** negotiator 1.x also takes the server's preference among encodings the client rates alike (its types are of 0.6). */
type EncodingNegotiator = Negotiator & { encoding(available: readonly string[], options: { preferred: readonly string[] }): string | undefined }

const ours = ['br', 'gzip', 'identity'] as const

/** The best encoding the client accepts (honouring its q-values, brotli first among equals); undefined for none. */
export function negotiateEncoding(acceptEncoding: string | undefined): Encoding | undefined {
  if (!acceptEncoding) return undefined
  const negotiator = new Negotiator({ headers: { 'accept-encoding': acceptEncoding } }) as EncodingNegotiator
  const chosen = negotiator.encoding(ours, { preferred: ours })
  return chosen === 'br' || chosen === 'gzip' ? chosen : undefined
}

export const isCompressible = (contentType: string | undefined, bytes: number): boolean =>
  bytes >= minimumCompressibleBytes && !!contentType && compressible.test(contentType)

/**
 * Compresses a response body. Brotli at quality 4 because responses are compressed per request: it
 * still beats gzip's size at a fraction of the default quality 11's time.
 */
export function compress(body: Buffer, encoding: Encoding): Promise<Buffer> {
  return encoding === 'br'
    ? brotli(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength } })
    : gzip(body, { level: 6 })
}
