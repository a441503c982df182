import { documentFormats, type DocumentFormat } from './vocabulary'

/** The format of an upload, by its extension, else by its media type. */
export function detectFormat(filename: string, mediaType?: string): DocumentFormat | undefined {
  const extension = filename.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1]
  const entries = Object.entries(documentFormats) as [DocumentFormat, (typeof documentFormats)[DocumentFormat]][]
  if (extension) {
    const byExtension = entries.find(([, format]) => (format.extensions as readonly string[]).includes(extension))
    if (byExtension) return byExtension[0]
    return undefined
  }
  const type = mediaType?.split(';')[0]?.trim().toLowerCase()
  return entries.find(([, format]) => (format.mediaTypes as readonly string[]).includes(type ?? ''))?.[0]
}

/** For a file input's `accept` attribute. */
export const acceptedUploads = Object.values(documentFormats).flatMap(format => format.extensions.map(ext => `.${ext}`)).join(',')

/** A readable title from a file name: "cell_biology-2.md" → "Cell biology 2". */
export function titleFromFilename(filename: string): string {
  const base = filename.split(/[\\/]/).at(-1)!.replace(/\.[^.]+$/, '').replace(/[_-]+/g, ' ').trim()
  return base ? base.charAt(0).toUpperCase() + base.slice(1) : filename
}
