import prettyBytes from 'pretty-bytes'

/** A size as people read it, in binary units as limits are set ("10 MiB", "4 KiB", "512 B"). */
export function byteSize(bytes: number): string {
  return prettyBytes(bytes, { binary: true, maximumFractionDigits: 1 })
}
