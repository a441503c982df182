/**
 * npm run corpus:build — turns the OpenStax textbooks named in scripts/corpus/books.json into the labelled
 * sections the key-term model learns from and bench:quality measures on (models/data/textbooks/<book>.jsonl.gz).
 * Each book is read from a local git clone at the commit the manifest pins (its last commit published under
 * CC BY 4.0; the builder checks LICENSE and the collection's md:license there and refuses anything else).
 * Only derived sections are written, never the repositories.
 *
 *   npm run corpus:build -- --git-root <folder with the clones> [--book microbiology] [--out models/data/textbooks]
 *
 * A repository `openstax/osbooks-x` is looked for in the folder as `osbooks-x`, `osbooks-x.git` or `openstax+osbooks-x/repo`.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { gzipSync } from 'node:zlib'
import { z } from 'zod'
import { termKey } from '../../server/atomizer/nlp/term-key'
import type { TextbookSection } from '../../server/ml/terms/textbooks'
import { readModule, type ChapterCounters } from './cnxml'
import { childElements, firstChild, parseXml, textOf, type XmlElement } from './xml'

const bookSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  title: z.string(),
  repo: z.string().regex(/^[\w-]+\/[\w.-]+$/),
  commit: z.string().regex(/^[0-9a-f]{40}$/),
  collection: z.string(),
  subject: z.string(),
  role: z.enum(['train', 'validation']),
  /** How many sections to keep, spread evenly through the book. */
  sections: z.number().int().positive(),
})
const manifestSchema = z.object({ books: z.array(bookSchema) })
type Book = z.infer<typeof bookSchema>

/** Books kept for the final test of the atomizer: never read, trained or tuned on. */
const heldOut = /psychology|sociology|chemistry|college-physics|us-history|u\.s\. history/i

const { values: args } = parseArgs({
  options: {
    'git-root': { type: 'string', default: process.env.OPENSTAX_GIT_ROOT },
    'book': { type: 'string', multiple: true },
    'out': { type: 'string', default: 'models/data/textbooks' },
  },
})
if (!args['git-root']) throw new Error('Name the folder holding the books\' git clones with --git-root (or OPENSTAX_GIT_ROOT).')
const gitRoot = resolve(args['git-root'])
const manifest = manifestSchema.parse(JSON.parse(readFileSync(new URL('./books.json', import.meta.url), 'utf8')))

function gitDir(repo: string): string {
  const name = repo.split('/')[1]!
  const candidates = [join(gitRoot, repo.replace('/', '+'), 'repo'), join(gitRoot, `${name}.git`), join(gitRoot, name, '.git'), join(gitRoot, name)]
  const found = candidates.find(candidate => existsSync(join(candidate, 'HEAD')))
  if (!found) throw new Error(`No git clone of ${repo} under ${gitRoot}`)
  return found
}

const show = (dir: string, commit: string, path: string) => execFileSync('git', ['--git-dir', dir, 'show', `${commit}:${path}`], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })

/** The book must be CC BY 4.0 at the pinned commit: its LICENSE and its collection's md:license both say so. */
function checkLicense(book: Book, dir: string, collection: XmlElement) {
  const license = show(dir, book.commit, 'LICENSE').trim().split('\n')[0]!.trim()
  if (license !== 'Attribution 4.0 International') throw new Error(`${book.repo} at ${book.commit}: LICENSE is "${license}", not CC BY 4.0`)
  const metadata = firstChild(collection, 'metadata')
  const mdLicense = metadata && firstChild(metadata, 'license')
  if (!/creativecommons\.org\/licenses\/by\/4\.0\/?$/.test(mdLicense?.attributes.url ?? '')) throw new Error(`${book.repo} at ${book.commit}: md:license is ${mdLicense?.attributes.url}, not CC BY 4.0`)
}

interface Chapter {
  title: string
  modules: string[]
}

/** Subcollections that hold modules are chapters (units above them only group chapters). */
function chaptersOf(content: XmlElement, chapters: Chapter[] = []): Chapter[] {
  for (const child of childElements(content, 'subcollection')) {
    const inner = firstChild(child, 'content')
    if (!inner) continue
    const modules = childElements(inner, 'module').map(module => module.attributes.document!)
    if (modules.length > 0) chapters.push({ title: textOf(firstChild(child, 'title') ?? child), modules })
    chaptersOf(inner, chapters)
  }
  return chapters
}

const mentioned = (text: string, term: string) => {
  const words = ` ${text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ')} `
  const key = termKey(term.replace(/\s*\([^)]*\)/g, '')).replace(/[^\p{L}\p{N}]+/gu, ' ')
  return key.length > 1 && (words.includes(` ${key} `) || words.includes(` ${key}s `) || words.includes(` ${key}es `))
}

function buildBook(book: Book): TextbookSection[] {
  if (heldOut.test(book.repo) || heldOut.test(book.title)) throw new Error(`${book.title} (${book.repo}) is held out for the final test and is never read.`)
  const dir = gitDir(book.repo)
  const collection = firstChild(parseXml(show(dir, book.commit, book.collection)), 'collection')!
  const title = textOf(firstChild(firstChild(collection, 'metadata')!, 'title')!)
  if (heldOut.test(title)) throw new Error(`${title} is held out for the final test and is never read.`)
  checkLicense(book, dir, collection)
  const all: TextbookSection[] = []
  chaptersOf(firstChild(collection, 'content')!).forEach((chapter, index) => {
    const counters: ChapterCounters = { chapter: index + 1, figures: 0, tables: 0 }
    let number = 0
    for (const module of chapter.modules) {
      const section = readModule(parseXml(show(dir, book.commit, `modules/${module}/index.cnxml`)), counters)
      const introduction = /^introduction$/i.test(section.title) || (number === 0 && /introduction/i.test(section.title))
      if (!introduction) number++
      const plainText = section.markdown
      const glossary = section.glossary.filter(entry => mentioned(plainText, entry.term))
      const keys = new Set<string>()
      const keyTerms = [...section.keyTerms, ...glossary.map(entry => entry.term)]
        .map(term => term.replace(/\s+/g, ' ').trim())
        .filter(term => term && !keys.has(termKey(term)) && keys.add(termKey(term)))
      all.push({
        book: book.id, subject: book.subject, role: book.role, module,
        number: `${index + 1}.${number}`, title: section.title, markdown: section.markdown,
        keyTerms, glossary, questions: section.questions,
      })
    }
  })
  const words = (section: TextbookSection) => section.markdown.split(/\s+/).length
  const eligible = all.filter(section => !/introduction|preface|appendix|index/i.test(section.title) && words(section) >= 600 && words(section) <= 9000 && section.keyTerms.length >= 4)
  const step = eligible.length / Math.min(book.sections, eligible.length)
  const chosen = Array.from({ length: Math.min(book.sections, eligible.length) }, (_, i) => eligible[Math.floor(i * step + step / 2)]!)
  console.info(`[corpus] ${book.id}: ${title}, ${all.length} modules, ${eligible.length} eligible, ${chosen.length} kept (${chosen.reduce((sum, s) => sum + words(s), 0).toLocaleString('en')} words, ${chosen.reduce((sum, s) => sum + s.keyTerms.length, 0)} key terms, ${chosen.reduce((sum, s) => sum + s.glossary.length, 0)} glossary entries, ${chosen.reduce((sum, s) => sum + s.questions.length, 0)} answered questions)`)
  return chosen
}

mkdirSync(args.out, { recursive: true })
for (const book of manifest.books.filter(book => !args.book || args.book.includes(book.id))) {
  const sections = buildBook(book)
  const file = join(args.out, `${book.id}.jsonl.gz`)
  writeFileSync(file, gzipSync(`${sections.map(section => JSON.stringify(section)).join('\n')}\n`, { level: 9 }))
}
