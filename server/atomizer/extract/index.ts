import { AtomizeInputError, type ExtractedDocument, type SourceFormat } from '../model'
import { readDocx } from './docx'
import { readEpub } from './epub'
import { readHtml } from './html'
import { readMarkdown } from './markdown'
import { readPdf, type PdfReadOptions } from './pdf'
import { readText } from './text'

const strictUtf8 = new TextDecoder('utf-8', { fatal: true })

function decodeText(data: Uint8Array): string {
  try {
    return strictUtf8.decode(data).replace(/^\uFEFF/, '')
  }
  catch {
    throw new AtomizeInputError('The file is not valid UTF-8 text.')
  }
}

/** Reads any supported format into one document tree (a flat list of blocks in reading order). */
export async function extract(data: Uint8Array, format: SourceFormat, options: PdfReadOptions = {}): Promise<ExtractedDocument> {
  switch (format) {
    case 'markdown': return readMarkdown(decodeText(data))
    case 'text': return readText(decodeText(data))
    case 'html': return readHtml(decodeText(data))
    case 'pdf': return readPdf(data, options)
    case 'docx': return readDocx(data)
    case 'epub': return readEpub(data)
  }
}
