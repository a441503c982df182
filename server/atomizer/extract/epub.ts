import { posix } from 'node:path'
import { AtomizeInputError, type Block, type ExtractedDocument } from '../model'
import { readHtml } from './html'
import { decodeUtf8, unzipBounded } from './zip'

const attribute = (tag: string, name: string) => new RegExp(`\\b${name}\\s*=\\s*["']([^"']*)["']`).exec(tag)?.[1]

/** EPUB: the chapters of the spine, in order, each through the HTML reader. */
export function readEpub(data: Uint8Array): ExtractedDocument {
  const entries = unzipBounded(data, name => /\.(x?html?|opf|xml|ncx)$/i.test(name))
  const container = decodeUtf8(entries['META-INF/container.xml'])
  const opfPath = /<rootfile\b[^>]*>/.exec(container)?.[0]
  const opfName = opfPath ? attribute(opfPath, 'full-path') : undefined
  if (!opfName || !entries[opfName]) throw new AtomizeInputError('The file is not an EPUB book (no package document).')
  const opf = decodeUtf8(entries[opfName])
  const manifest = new Map<string, string>()
  for (const [tag] of opf.matchAll(/<item\b[^>]*>/g)) {
    const id = attribute(tag, 'id')
    const href = attribute(tag, 'href')
    if (id && href) manifest.set(id, posix.join(posix.dirname(opfName), decodeURIComponent(href)))
  }
  const spine = [...opf.matchAll(/<itemref\b[^>]*>/g)].map(([tag]) => manifest.get(attribute(tag, 'idref') ?? '')).filter(Boolean) as string[]
  const blocks: Block[] = []
  let offset = 0
  for (const chapter of spine) {
    const content = entries[chapter]
    if (!content) continue
    const html = decodeUtf8(content)
    for (const block of readHtml(html).blocks) blocks.push({ ...block, start: block.start + offset, end: block.end + offset })
    // Spans run on across chapters, as if the chapters' text were one.
    offset = (blocks.at(-1)?.end ?? offset) + 2
  }
  if (blocks.length === 0) throw new AtomizeInputError('The EPUB book has no readable chapters.')
  const title = /<dc:title[^>]*>([^<]{1,300})<\/dc:title>/.exec(opf)?.[1]?.trim()
  return { title, blocks }
}
