/**
 * One CNXML module (a textbook section) into Markdown and the labels the book gives: key terms (`<term>`
 * shown in bold, not the index terms of class "no-emphasis"), glossary entries and review questions with
 * their answers.
 */
import { childElements, descendants, firstChild, isElement, textOf, type XmlElement, type XmlNode } from './xml'

export interface ModuleSection {
  title: string
  markdown: string
  keyTerms: string[]
  glossary: { term: string, meaning: string }[]
  questions: { question: string, answer: string }[]
  words: number
}

/** Numbering that runs through a chapter: figures and tables as the book counts them ("Figure 4.12"). */
export interface ChapterCounters {
  chapter: number
  figures: number
  tables: number
}

/** Sections of exercises at the end of a module: their answered questions are labels, not text. */
const exerciseSections = /\b(?:review-questions|multiple-choice|free-response|critical-thinking|practice|homework|bring-together[\w-]*|interactive-exercise|review-exercises|check-understanding|short-answer|self-check[\w-]*|section-exercises)\b/
const skippedSections = /\b(?:references|further-research|suggested-reading|solutions|key-terms|formula-review|glossary)\b/

const escapeInline = (text: string) => text.replace(/([\\*_`<>[\]])/g, '\\$1')
/** A paragraph must not open like a heading, a list or a quote. */
const escapeLineStart = (text: string) => text.replace(/^(\s*)(#|>|[-+] |\d+[.)] )/, '$1\\$2')

class ModuleRenderer {
  readonly keyTerms: string[] = []
  readonly questions: { question: string, answer: string }[] = []
  private readonly targets = new Map<string, string>()

  constructor(private readonly counters: ChapterCounters) {}

  /** Numbers the module's figures and tables first, so references to them ("see Figure 4.3") read as in the book. */
  number(content: XmlElement) {
    for (const element of [...descendants(content, 'figure'), ...descendants(content, 'table')]) {
      if (/\bunnumbered\b/.test(element.attributes.class ?? '') || !element.attributes.id) continue
      const figure = element.name === 'figure'
      const count = figure ? ++this.counters.figures : ++this.counters.tables
      this.targets.set(element.attributes.id, `${figure ? 'Figure' : 'Table'} ${this.counters.chapter}.${count}`)
    }
  }

  /** Inline content as Markdown: key terms in bold, other emphasis as the book sets it. */
  inline(nodes: XmlNode[], emphasis = true): string {
    let out = ''
    for (const node of nodes) {
      if (typeof node === 'string') {
        out += escapeInline(node.replace(/\s+/g, ' '))
        continue
      }
      switch (node.name) {
        case 'term': {
          const text = this.inline(node.children, false).trim()
          const shown = !/\bno-emphasis\b/.test(node.attributes.class ?? '')
          if (shown && text) this.keyTerms.push(textOf(node))
          out += shown && emphasis && text ? `**${text}**` : text
          break
        }
        case 'emphasis': {
          const text = this.inline(node.children, false)
          const effect = node.attributes.effect ?? 'bold'
          const marker = !emphasis || !text.trim() ? '' : effect === 'italics' ? '*' : effect === 'bold' ? '**' : ''
          out += marker ? `${marker}${text.trim()}${marker}` : text
          break
        }
        case 'footnote': case 'media': case 'image': case 'iframe': case 'label': case 'newline':
          out += node.name === 'newline' ? ' ' : ''
          break
        case 'link': {
          const text = this.inline(node.children, emphasis)
          out += text || (node.attributes.document ? '' : this.targets.get(node.attributes['target-id'] ?? '') ?? '')
          break
        }
        case 'math':
          out += escapeInline(mathText(node))
          break
        case 'sup': case 'sub':
          out += this.inline(node.children, false)
          break
        default:
          out += this.inline(node.children, emphasis)
      }
    }
    // Bold runs that touch ("**microorganism****s**") read as one.
    return out.replace(/\*\*\*\*/g, '')
  }

  paragraph(element: XmlElement): string {
    return escapeLineStart(this.inline(element.children).replace(/\s+/g, ' ').trim())
  }

  list(element: XmlElement, depth = 0): string {
    const ordered = element.attributes['list-type'] === 'enumerated'
    return childElements(element, 'item').map((item, i) => {
      const nested = childElements(item, 'list').map(list => this.list(list, depth + 1))
      const text = this.inline(item.children.filter(child => !isElement(child) || child.name !== 'list')).replace(/\s+/g, ' ').trim()
      return [`${'  '.repeat(depth)}${ordered ? `${i + 1}.` : '-'} ${text}`, ...nested].join('\n')
    }).join('\n')
  }

  table(element: XmlElement): string {
    const rows = descendants(element, 'row').map(row => childElements(row, 'entry').map(entry => this.inline(entry.children).replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim()))
    const width = Math.max(0, ...rows.map(row => row.length))
    if (rows.length === 0 || width === 0) return ''
    const line = (cells: string[]) => `| ${Array.from({ length: width }, (_, i) => cells[i] ?? '').join(' | ')} |`
    const label = this.targets.get(element.attributes.id ?? '')
    const title = firstChild(element, 'title')
    const caption = [label && `**${label}**`, title && this.inline(title.children)].filter(Boolean).join(' ')
    return [caption, [line(rows[0]!), line(Array.from({ length: width }, () => '---')), ...rows.slice(1).map(line)].join('\n')].filter(Boolean).join('\n\n')
  }

  figure(element: XmlElement): string {
    const label = this.targets.get(element.attributes.id ?? '')
    const caption = firstChild(element, 'caption')
    const text = caption ? this.inline(caption.children).replace(/\s+/g, ' ').trim() : ''
    return [label && `**${label}**`, text].filter(Boolean).join(' ')
  }

  /** An end-of-section exercise: kept as a question when the book answers it. */
  exercise(element: XmlElement) {
    const problem = firstChild(element, 'problem')
    const solution = firstChild(element, 'solution')
    if (!problem || !solution) return
    const choices = descendants(problem, 'item')
    const stem = childElements(problem).filter(child => child.name !== 'list').map(child => plain(this.inline([child], false))).join(' ').trim()
    let answer = plain(this.inline(childElements(solution).filter(child => child.name !== 'label'), false))
    // A multiple-choice answer names a letter: the answer is that choice's text.
    const letter = /^\(?([a-h])\)?\.?$/i.exec(answer)
    if (letter && choices.length > 0) answer = plain(this.inline(choices[letter[1]!.toLowerCase().charCodeAt(0) - 97]?.children ?? [], false))
    // Questions about a video or a website cannot be answered from the text.
    if (/^(?:visit|view|watch|go to|use the|read the|explore)\b/i.test(stem)) return
    if (stem && answer && stem.length <= 600 && answer.length <= 600) this.questions.push({ question: stem, answer })
  }

  /** Blocks of a section, a note or the content, as Markdown paragraphs; headings one level below `depth`. */
  blocks(element: XmlElement, depth: number): string[] {
    const out: string[] = []
    for (const child of childElements(element)) {
      const cls = child.attributes.class ?? ''
      switch (child.name) {
        case 'title':
          break
        case 'para': {
          const title = firstChild(child, 'title')
          if (title) out.push(`**${plain(this.inline(title.children, false))}**`)
          const text = this.paragraph({ ...child, children: child.children.filter(node => !isElement(node) || node.name !== 'title') })
          if (text) out.push(text)
          break
        }
        case 'list':
          out.push(this.list(child))
          break
        case 'table':
          out.push(this.table(child))
          break
        case 'figure':
          out.push(this.figure(child))
          break
        case 'equation':
          out.push(escapeLineStart(escapeInline(descendants(child, 'math').map(mathText).join(' ') || textOf(child))))
          break
        case 'quote':
          out.push(...this.blocks(child, depth).map(block => `> ${block}`))
          break
        case 'code': case 'preformat':
          out.push(`\`\`\`\n${textOf(child)}\n\`\`\``)
          break
        case 'exercise':
          // Exercises in the running text are practice ("Try It"): their problems are read, their answers are not.
          out.push(...this.blocks(firstChild(child, 'problem') ?? child, depth))
          break
        case 'section': {
          if (skippedSections.test(cls)) break
          if (exerciseSections.test(cls)) {
            for (const exercise of descendants(child, 'exercise')) this.exercise(exercise)
            break
          }
          const title = firstChild(child, 'title')
          if (title) out.push(`${'#'.repeat(Math.min(6, depth + 1))} ${plain(this.inline(title.children, false))}`)
          out.push(...this.blocks(child, depth + 1))
          break
        }
        case 'note': case 'example': {
          const title = firstChild(child, 'title')
          if (title) out.push(`**${plain(this.inline(title.children, false))}**`)
          out.push(...this.blocks(child, depth))
          break
        }
        default:
          if (childElements(child).some(inner => ['para', 'list', 'section', 'figure', 'table'].includes(inner.name))) out.push(...this.blocks(child, depth))
      }
    }
    return out.filter(block => block.trim() !== '')
  }
}

/** Inline Markdown without its markers, for labels: questions, answers, titles. */
const plain = (markdown: string) => markdown.replace(/(?<!\\)\*+/g, '').replace(/\\([\\*_`<>[\]|])/g, '$1').replace(/\s+/g, ' ').trim()

/** MathML as a reader would say it in a line of text: identifiers, numbers and operators in order. */
function mathText(node: XmlNode): string {
  if (typeof node === 'string') return node.replace(/\s+/g, ' ').trim()
  if (node.name === 'annotation' || node.name === 'annotation-xml') return ''
  const parts = node.children.map(mathText).filter(Boolean)
  if (node.name === 'mfrac' && parts.length === 2) return `${parts[0]}/${parts[1]}`
  if (node.name === 'msup' && parts.length === 2) return `${parts[0]}^${parts[1]}`
  if (node.name === 'msub' && parts.length === 2) return `${parts[0]}${parts[1]}`
  return parts.join(node.name === 'mrow' || node.name === 'math' ? ' ' : '')
}

const wordCount = (text: string) => text.split(/\s+/).filter(word => /[\p{L}\p{N}]/u.test(word)).length

/** A module into Markdown (its title as the top heading) and its labels. */
export function readModule(document: XmlElement, counters: ChapterCounters): ModuleSection {
  const root = firstChild(document, 'document')
  if (!root) throw new Error('Not a CNXML document')
  const title = textOf(firstChild(root, 'title') ?? { name: 'title', attributes: {}, children: [] })
  const content = firstChild(root, 'content')
  const renderer = new ModuleRenderer(counters)
  const blocks: string[] = [`# ${title}`]
  if (content) {
    renderer.number(content)
    blocks.push(...renderer.blocks(content, 1))
  }
  const markdown = blocks.join('\n\n')
  const glossaryElement = firstChild(root, 'glossary')
  const glossary = (glossaryElement ? childElements(glossaryElement, 'definition') : []).flatMap((definition) => {
    const term = firstChild(definition, 'term')
    const meaning = firstChild(definition, 'meaning')
    return term && meaning && textOf(term) && textOf(meaning) ? [{ term: textOf(term), meaning: textOf(meaning) }] : []
  })
  return { title, markdown, keyTerms: renderer.keyTerms, glossary, questions: renderer.questions, words: wordCount(plain(markdown)) }
}
