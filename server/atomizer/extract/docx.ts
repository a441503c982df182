import { zipSync } from 'fflate'
import mammoth from 'mammoth'
import { AtomizeInputError, type ExtractedDocument } from '../model'
import { readHtml } from './html'
import { decodeUtf8, unzipBounded } from './zip'

/** Word styles that mammoth does not map to headings by itself. */
const styleMap = [
  'p[style-name=\'Title\'] => h1:fresh',
  'p[style-name=\'Subtitle\'] => h2:fresh',
  'r[style-name=\'Strong\'] => strong',
]

/**
 * DOCX through mammoth to HTML, then the HTML reader. The archive is first unpacked within limits and
 * repacked uncompressed, so mammoth never inflates anything the limits did not allow.
 */
export async function readDocx(data: Uint8Array): Promise<ExtractedDocument> {
  const entries = unzipBounded(data, name => !/^word\/media\//.test(name))
  if (!entries['word/document.xml']) throw new AtomizeInputError('The file is not a Word document (no word/document.xml).')
  const vetted = zipSync(entries, { level: 0 })
  let html: string
  try {
    const result = await mammoth.convertToHtml({ buffer: Buffer.from(vetted) }, {
      styleMap,
      convertImage: mammoth.images.imgElement(async image => ({ src: '', alt: (image as { altText?: string }).altText ?? '' })),
    })
    html = result.value
  }
  catch (error) {
    throw new AtomizeInputError(`The Word document could not be read (${error instanceof Error ? error.message : 'corrupt'}).`)
  }
  const title = /<dc:title>([^<]{1,300})<\/dc:title>/.exec(decodeUtf8(entries['docProps/core.xml']))?.[1]?.trim()
  const document = readHtml(html)
  return { title: title || document.title, blocks: document.blocks }
}
