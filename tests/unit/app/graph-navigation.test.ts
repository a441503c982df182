import { describe, expect, it } from 'vitest'
import { graphReadingOrder, nearestInDirection } from '../../../app/utils/graph-navigation'

//      a       b
//   c     d        e
//         f
const nodes = [
  { id: 'f', x: 100, y: 200 }, { id: 'e', x: 300, y: 100 }, { id: 'b', x: 220, y: 0 },
  { id: 'a', x: 60, y: 0 }, { id: 'd', x: 100, y: 101 }, { id: 'c', x: 20, y: 100 },
]
const byId = (id: string) => nodes.find(node => node.id === id)!
const move = (id: string, direction: Parameters<typeof nearestInDirection>[2]) => nearestInDirection(nodes, byId(id), direction)?.id

describe('moving through the prerequisite graph with the keyboard', () => {
  it('visits the nodes row by row, left to right', () => {
    expect(graphReadingOrder(nodes).map(node => node.id)).toEqual(['a', 'b', 'c', 'd', 'e', 'f'])
  })

  it('moves to the nearest node that way, staying in the row or column when it can', () => {
    expect(move('c', 'right')).toBe('d')
    expect(move('d', 'right')).toBe('e')
    expect(move('d', 'left')).toBe('c')
    expect(move('d', 'down')).toBe('f')
    expect(move('f', 'up')).toBe('d')
    expect(move('d', 'up')).toBe('a')
    expect(move('a', 'up')).toBeUndefined()
    expect(move('e', 'right')).toBeUndefined()
  })
})
