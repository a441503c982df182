import { graphlib, layout, type Point } from '@dagrejs/dagre'
import type { AtomType } from '#shared/schemas/atom'

export interface GraphAtom { id: string, title: string, type: AtomType, prerequisites: string[] }

export interface PlacedNode {
  id: string
  title: string
  type: AtomType
  /** Centre of the node's mark. */
  x: number
  y: number
  /** The title cut into at most two short lines, drawn under the mark. */
  lines: string[]
}

export interface PlacedEdge { source: string, target: string, path: string }

export interface PrerequisiteLayout { width: number, height: number, nodes: PlacedNode[], edges: PlacedEdge[] }

/** Wide enough for a line of `lineLength` characters at the label's size (13 px, shown at least at 11 px). */
const nodeWidth = 176
/** The distance between label lines; the component draws them at these offsets. */
export const labelLineHeight = 16
const lineHeight = labelLineHeight
const markSize = 16
const lineLength = 24

/** Up to two lines of about `lineLength` characters, broken between words, the rest cut with an ellipsis. */
export function labelLines(title: string): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of title.split(/\s+/).filter(Boolean)) {
    if (line && (line + ' ' + word).length > lineLength) {
      lines.push(line)
      line = word
      if (lines.length === 2) break
    }
    else line = line ? `${line} ${word}` : word
  }
  if (lines.length < 2 && line) lines.push(line)
  const cut = lines.join(' ').length < title.trim().replace(/\s+/g, ' ').length
  return lines.map((text, index) => {
    const last = index === lines.length - 1 && cut
    const short = text.length > lineLength ? `${text.slice(0, lineLength - 1)}…` : text
    return last && !short.endsWith('…') ? `${short.slice(0, lineLength - 1)}…` : short
  })
}

/**
 * Places atoms in layers, each prerequisite above the atoms that build on it (dagre's layered layout), and
 * routes the arrows between them. Pure and synchronous: pages run it while rendering on the server, so the
 * browser gets a finished drawing and loads no layout code on first load.
 */
export function layoutPrerequisites(atoms: GraphAtom[]): PrerequisiteLayout {
  const graph = new graphlib.Graph()
  graph.setGraph({ rankdir: 'TB', nodesep: 16, ranksep: 56, marginx: 12, marginy: 12 })
  graph.setDefaultEdgeLabel(() => ({}))
  const known = new Set(atoms.map(atom => atom.id))
  const lines = new Map(atoms.map(atom => [atom.id, labelLines(atom.title)]))
  for (const atom of atoms) {
    graph.setNode(atom.id, { width: nodeWidth, height: markSize + 6 + lineHeight * lines.get(atom.id)!.length })
  }
  const edges = atoms.flatMap(atom => atom.prerequisites.filter(id => known.has(id) && id !== atom.id).map(source => ({ source, target: atom.id })))
  for (const edge of edges) graph.setEdge(edge.source, edge.target)
  layout(graph)
  const nodes = atoms.map((atom) => {
    const placed = graph.node(atom.id)
    return { id: atom.id, title: atom.title, type: atom.type, x: round(placed.x), y: round(placed.y - placed.height / 2 + markSize / 2), lines: lines.get(atom.id)! }
  })
  const byId = new Map(nodes.map(node => [node.id, node]))
  const placedEdges = edges.map((edge) => {
    const source = byId.get(edge.source)!
    const target = byId.get(edge.target)!
    // From under the prerequisite's label to the top of the atom's mark, through dagre's bends between the
    // rows: an arrow leaves and reaches the marks, not the sides of the label boxes.
    const bends: Point[] = (graph.edge(edge.source, edge.target)?.points ?? []).slice(1, -1)
    const points = [{ x: source.x, y: source.y + labelBottom(source.lines.length) }, ...bends, { x: target.x, y: target.y - markSize / 2 - 2 }]
    return { ...edge, path: points.map((point, index) => `${index ? 'L' : 'M'}${round(point.x)},${round(point.y)}`).join(' ') }
  })
  const size = graph.graph()
  return { width: Math.max(1, round(size.width ?? 0)), height: Math.max(1, round(size.height ?? 0)), nodes, edges: placedEdges }
}

/** How far under a node's centre its last label line ends. */
const labelBottom = (lines: number) => markSize / 2 + 6 + lines * lineHeight

const round = (value: number) => Math.round(value * 10) / 10
