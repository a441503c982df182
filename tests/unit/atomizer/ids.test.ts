import { describe, expect, it } from 'vitest'
import { assignIds } from '../../../server/atomizer/ids'

const bodies = [
  'Photosynthesis turns light energy into chemical energy stored in glucose molecules inside the leaf.',
  'The cell membrane controls which substances enter and leave the cell through its protein channels.',
  'Mitochondria release the energy stored in glucose during cellular respiration in every living cell.',
]

describe('stable atom ids', () => {
  it('are deterministic, unique, and differ between documents', () => {
    const ids = assignIds('doc-1', bodies)
    expect(assignIds('doc-1', bodies)).toEqual(ids)
    expect(new Set(ids).size).toBe(3)
    expect(assignIds('doc-2', bodies)).not.toEqual(ids)
    expect(new Set(assignIds('doc-1', ['same text', 'same text'])).size).toBe(2)
  })

  it('survive insertion, reordering and light edits, but not a rewrite', () => {
    const before = assignIds('doc', bodies)
    const previous = bodies.map((body, i) => ({ id: before[i]!, body }))
    const edited = [
      'A completely new opening section about the history of botany and famous botanists.',
      bodies[2]!,
      bodies[0]!.replace('inside the leaf', 'inside the green leaf'),
      'Cells are surrounded by walls in plants, which is a different matter altogether.',
    ]
    const after = assignIds('doc', edited, previous)
    expect(after[1]).toBe(before[2])
    expect(after[2]).toBe(before[0])
    expect(after[3]).not.toBe(before[1])
    expect(new Set(after).size).toBe(4)
    expect(before).not.toContain(after[0])
  })
})
