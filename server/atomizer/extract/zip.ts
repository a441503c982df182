import { unzipSync } from 'fflate'
import { AtomizeInputError } from '../model'

export interface ZipLimits {
  /** Sum of the uncompressed sizes of the entries read. */
  maxTotalBytes: number
  maxEntries: number
  /** Larger expansion than this for one entry is the mark of a zip bomb. */
  maxRatio: number
}

export const defaultZipLimits: ZipLimits = { maxTotalBytes: 256 * 1024 * 1024, maxEntries: 10_000, maxRatio: 200 }

/**
 * Unzips only the entries `include` selects, after checking the archive's declared sizes against the limits.
 * Decompression writes into buffers of the declared size, so an entry that lies about its size cannot grow.
 */
export function unzipBounded(data: Uint8Array, include: (name: string) => boolean, limits: ZipLimits = defaultZipLimits): Record<string, Uint8Array> {
  let total = 0
  let entries = 0
  let refusal: string | undefined
  let files: Record<string, Uint8Array>
  try {
    files = unzipSync(data, {
      filter(file) {
        entries++
        if (refusal || !include(file.name)) return false
        total += file.originalSize
        if (entries > limits.maxEntries) refusal = `more than ${limits.maxEntries} entries`
        else if (total > limits.maxTotalBytes) refusal = `more than ${limits.maxTotalBytes} bytes uncompressed`
        else if (file.size > 0 && file.originalSize / file.size > limits.maxRatio) refusal = `an entry expanding ${Math.round(file.originalSize / file.size)}-fold`
        return !refusal
      },
    })
  }
  catch (error) {
    throw new AtomizeInputError(`The file is not a readable ZIP archive (${error instanceof Error ? error.message : 'corrupt'}).`)
  }
  if (refusal) throw new AtomizeInputError(`The archive was refused as unsafe: ${refusal}.`)
  return files
}

const utf8 = new TextDecoder('utf-8')
export const decodeUtf8 = (data: Uint8Array | undefined) => (data ? utf8.decode(data) : '')
