import type { TextUpload } from '../../shared/schemas/document'
import type { Upload } from '../services/documents'

const files = {
  markdown: { extension: 'md', mediaType: 'text/markdown' },
  text: { extension: 'txt', mediaType: 'text/plain' },
} as const

/** A file name from the title: "Cell biology: part 2" → "cell-biology-part-2.md". */
function filenameFor(title: string, extension: string): string {
  const base = title.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 80)
  return `${base || 'document'}.${extension}`
}

/** The text as the file a multipart upload of it would carry, so the documents service treats both alike. */
export function textAsUpload(input: TextUpload): Upload {
  const file = files[input.format]
  return {
    filename: filenameFor(input.title, file.extension),
    mediaType: file.mediaType,
    data: Buffer.from(input.text, 'utf8'),
    title: input.title,
    ...(input.collectionId !== undefined && { collectionId: input.collectionId }),
  }
}
