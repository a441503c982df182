import { describe, expect, it } from 'vitest'
import { prerequisiteEdges, readingOrder } from '../../../server/atomizer/link/prerequisites'
import { relatedAtoms } from '../../../server/atomizer/link/related'

describe('prerequisites', () => {
  it('point from the user of a term back to the atom defining it, and stay acyclic', () => {
    const edges = prerequisiteEdges([
      { defines: ['cell'], uses: ['cell', 'membrane'] },
      { defines: ['membrane'], uses: ['membrane', 'cell'] },
      { defines: [], uses: ['osmosis', 'membrane'] },
      { defines: ['osmosis'], uses: ['osmosis', 'cell'] },
    ])
    // 0 and 1 use each other's terms: the later atom depends on the earlier; osmosis, defined after atom 2, is a forward mention.
    expect(edges).toEqual([[], [0], [1], [0]])
  })

  it('never make an introduction, a summary or a glossary a prerequisite', () => {
    const edges = prerequisiteEdges([
      { defines: ['cell', 'membrane'], uses: ['cell', 'membrane'], foundational: false },
      { defines: ['membrane'], uses: ['membrane', 'cell'] },
      { defines: [], uses: ['membrane', 'cell'] },
    ])
    expect(edges).toEqual([[], [], [1]])
  })

  it('give a reading order with prerequisites first, else document order', () => {
    expect(readingOrder([[], [], [1, 3], [0]])).toEqual([0, 1, 3, 2])
  })
})

describe('related atoms', () => {
  it('share terms, best first, never themselves', async () => {
    const related = await relatedAtoms([
      new Map([['cell', 2], ['membrane', 1]]),
      new Map([['cell', 1], ['membrane', 2]]),
      new Map([['volcano', 3]]),
      new Map([['cell', 1], ['volcano', 1]]),
    ])
    expect(related[0]!.map(link => link.index)).toEqual([1, 3])
    expect(related[2]!.map(link => link.index)).toEqual([3])
    expect(related.every((links, i) => links.every(link => link.index !== i && link.score > 0 && link.score <= 1))).toBe(true)
  })
})
