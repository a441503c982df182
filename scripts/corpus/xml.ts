/** A small XML reader for CNXML and collection files: elements, attributes and text, nothing more. */

export interface XmlElement {
  /** Local name, without its namespace prefix ("math" for "m:math"). */
  name: string
  attributes: Record<string, string>
  children: XmlNode[]
}
export type XmlNode = XmlElement | string

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: '\'', nbsp: '\u00A0' }

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[\da-f]+|#\d+|\w+);/gi, (whole, name: string) => {
    if (name[0] === '#') return String.fromCodePoint(name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1)))
    return entities[name] ?? whole
  })
}

const localName = (name: string) => name.slice(name.indexOf(':') + 1)

/** Parses well-formed XML; comments, processing instructions and the doctype are skipped, CDATA is text. */
export function parseXml(source: string): XmlElement {
  const root: XmlElement = { name: '#document', attributes: {}, children: [] }
  const stack: XmlElement[] = [root]
  const tag = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>|<!DOCTYPE[^>]*>|<\/([^\s>]+)\s*>|<([^\s/>]+)((?:\s+[^\s=]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g
  let cursor = 0
  for (const match of source.matchAll(tag)) {
    const text = source.slice(cursor, match.index)
    if (text) stack.at(-1)!.children.push(decodeEntities(text))
    cursor = match.index + match[0].length
    const [, cdata, closing, opening, attributeText, selfClosing] = match
    if (cdata !== undefined) stack.at(-1)!.children.push(cdata)
    else if (closing) {
      if (stack.length > 1 && stack.at(-1)!.name === localName(closing)) stack.pop()
      else throw new Error(`Unbalanced </${closing}> at ${match.index}`)
    }
    else if (opening) {
      const attributes: Record<string, string> = {}
      for (const [, name, double, single] of (attributeText ?? '').matchAll(/([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
        attributes[localName(name!)] = decodeEntities(double ?? single ?? '')
      }
      const element: XmlElement = { name: localName(opening), attributes, children: [] }
      stack.at(-1)!.children.push(element)
      if (!selfClosing) stack.push(element)
    }
  }
  const rest = source.slice(cursor)
  if (rest.trim()) stack.at(-1)!.children.push(decodeEntities(rest))
  return root
}

export const isElement = (node: XmlNode | undefined): node is XmlElement => typeof node === 'object'

export const childElements = (element: XmlElement, name?: string): XmlElement[] =>
  element.children.filter((child): child is XmlElement => isElement(child) && (name === undefined || child.name === name))

export const firstChild = (element: XmlElement, name: string): XmlElement | undefined => childElements(element, name)[0]

/** Every descendant element of that name, in document order. */
export function descendants(element: XmlElement, name: string, found: XmlElement[] = []): XmlElement[] {
  for (const child of childElements(element)) {
    if (child.name === name) found.push(child)
    descendants(child, name, found)
  }
  return found
}

/** All the text inside, without markup, whitespace collapsed. */
export function textOf(node: XmlNode): string {
  const raw = (n: XmlNode): string => (typeof n === 'string' ? n : n.children.map(raw).join(''))
  return raw(node).replace(/\s+/g, ' ').trim()
}
