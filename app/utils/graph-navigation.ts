/** Moving between the nodes of a drawn graph with the keyboard. */

export interface Placed { id: string, x: number, y: number }

export type Direction = 'left' | 'right' | 'up' | 'down'

/** Nodes closer in height than this sit in one row. */
const rowTolerance = 4

/** Row by row from the top, left to right within a row: the order the drawing reads in. */
export function graphReadingOrder<T extends Placed>(nodes: T[]): T[] {
  return [...nodes].sort((a, b) => Math.abs(a.y - b.y) > rowTolerance ? a.y - b.y : a.x - b.x)
}

/**
 * The node an arrow key moves to: the closest one that lies that way (within 45° either side), distance
 * along the other axis counting double so the move stays in its row or column when it can.
 */
export function nearestInDirection<T extends Placed>(nodes: T[], from: Placed, direction: Direction): T | undefined {
  const horizontal = direction === 'left' || direction === 'right'
  const sign = direction === 'right' || direction === 'down' ? 1 : -1
  let best: { node: T, cost: number } | undefined
  for (const node of nodes) {
    if (node.id === from.id) continue
    const along = ((horizontal ? node.x - from.x : node.y - from.y) * sign)
    const across = Math.abs(horizontal ? node.y - from.y : node.x - from.x)
    if (along <= 0 || across > along + rowTolerance) continue
    const cost = along + 2 * across
    if (!best || cost < best.cost) best = { node, cost }
  }
  return best?.node
}
