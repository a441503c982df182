import { describe, expect, it } from 'vitest'
import { labelLines, layoutPrerequisites, type GraphAtom } from '../../../app/utils/prerequisite-layout'

const atom = (id: string, prerequisites: string[] = [], type: GraphAtom['type'] = 'concept'): GraphAtom => ({ id, title: `Atom ${id}`, type, prerequisites })

describe('layoutPrerequisites', () => {
  it('puts each prerequisite above the atoms that build on it', () => {
    const layout = layoutPrerequisites([atom('c', ['b']), atom('a'), atom('b', ['a'])])
    const y = Object.fromEntries(layout.nodes.map(node => [node.id, node.y]))
    expect(y.a).toBeLessThan(y.b!)
    expect(y.b).toBeLessThan(y.c!)
    expect(layout.nodes.map(node => node.id)).toEqual(['c', 'a', 'b'])
  })

  it('draws one arrow per known prerequisite, from it to the atom, inside the drawing', () => {
    const layout = layoutPrerequisites([atom('a'), atom('b', ['a', 'elsewhere', 'b'])])
    expect(layout.edges.map(edge => `${edge.source}>${edge.target}`)).toEqual(['a>b'])
    const numbers = layout.edges[0]!.path.match(/-?\d+(\.\d+)?/g)!.map(Number)
    expect(layout.edges[0]!.path).toMatch(/^M[\d.]+,[\d.]+( L[\d.]+,[\d.]+)+$/)
    for (const value of numbers) expect(value).toBeLessThanOrEqual(Math.max(layout.width, layout.height))
    for (const node of layout.nodes) {
      expect(node.x).toBeGreaterThan(0)
      expect(node.x).toBeLessThan(layout.width)
      expect(node.y).toBeLessThan(layout.height)
    }
  })

  it('lays out atoms without links, and no atoms at all', () => {
    expect(layoutPrerequisites([atom('a'), atom('b')]).nodes).toHaveLength(2)
    expect(layoutPrerequisites([])).toMatchObject({ nodes: [], edges: [] })
  })
})

describe('labelLines', () => {
  it('breaks a title between words into at most two short lines', () => {
    expect(labelLines('Short')).toEqual(['Short'])
    expect(labelLines('Photosynthesis turns light into chemical energy')).toEqual(['Photosynthesis turns', 'light into chemical…'])
  })

  it('cuts a word too long for a line', () => {
    const [line] = labelLines('Pneumonoultramicroscopicsilicovolcanoconiosis')
    expect(line!.length).toBeLessThanOrEqual(24)
    expect(line!.endsWith('…')).toBe(true)
  })
})
