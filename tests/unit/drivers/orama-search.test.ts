import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { createOramaIndex } from '../../../server/drivers/search/orama'
import type { SearchIndex } from '../../../server/drivers/search/types'
import { eventually } from '../../support/wait'
import { describeSearchContract, searchDocument } from '../../contracts/search.contract'

const root = mkdtempSync(join(tmpdir(), 'atomizer-orama-'))
let folders = 0
const freshDir = () => join(root, `index-${folders++}`)

afterAll(() => rmSync(root, { recursive: true, force: true }))

describeSearchContract('orama in memory', () => createOramaIndex())
describeSearchContract('orama with a snapshot folder', () => createOramaIndex({ dir: freshDir(), saveDelayMs: 5 }))

const hitIds = async (index: SearchIndex, text: string, documentIds: string[]) =>
  (await index.search({ text, documentIds, limit: 20, offset: 0 })).hits.map(hit => hit.id).sort()

const sample = [
  searchDocument('a1', 'd1', { title: 'Glaciers', body: 'Rivers of ice carve valleys.', headingTrail: ['Earth', 'Ice'] }),
  searchDocument('a2', 'd1', { body: 'Moraines are left behind by glaciers.' }),
  searchDocument('b1', 'd2', { body: 'Deserts receive little rain.' }),
]

describe('orama index on disk', () => {
  it('survives flush and a new index on the same folder', async () => {
    const dir = freshDir()
    const index = createOramaIndex({ dir, saveDelayMs: 60_000 })
    await index.upsert(sample)
    await index.removeDocument('d2')
    await index.flush()
    const reopened = createOramaIndex({ dir })
    try {
      expect(await reopened.count()).toBe(2)
      expect(await hitIds(reopened, 'glaciers', ['d1', 'd2'])).toEqual(['a1', 'a2'])
      expect(await hitIds(reopened, 'deserts', ['d1', 'd2'])).toEqual([])
      // The per-document bookkeeping is restored too: removing a document still works after a restart.
      await reopened.removeDocument('d1')
      expect(await reopened.count()).toBe(0)
    }
    finally {
      await reopened.close()
      await index.close()
    }
  })

  it('survives close, which writes what is pending', async () => {
    const dir = freshDir()
    const index = createOramaIndex({ dir, saveDelayMs: 60_000 })
    await index.upsert(sample)
    await index.close()
    const reopened = createOramaIndex({ dir })
    expect(await reopened.count()).toBe(3)
    expect(await hitIds(reopened, 'ice', ['d1'])).toEqual(['a1'])
    await reopened.close()
  })

  it('saves on its own shortly after a change', async () => {
    const dir = freshDir()
    const index = createOramaIndex({ dir, saveDelayMs: 5 })
    await index.upsert(sample)
    await eventually(async () => {
      const probe = createOramaIndex({ dir })
      try {
        expect(await probe.count()).toBe(3)
      }
      finally {
        await probe.close()
      }
    })
    await index.close()
  })

  it('leaves only the snapshot file in its folder, no temporary file', async () => {
    const dir = freshDir()
    const index = createOramaIndex({ dir, saveDelayMs: 60_000 })
    await index.upsert(sample)
    await index.flush()
    expect(readdirSync(dir)).toEqual(['atoms.orama.json'])
    await index.close()
  })

  it('keeps a clear across a restart', async () => {
    const dir = freshDir()
    const index = createOramaIndex({ dir, saveDelayMs: 60_000 })
    await index.upsert(sample)
    await index.flush()
    await index.clear()
    await index.close()
    const reopened = createOramaIndex({ dir })
    expect(await reopened.count()).toBe(0)
    await reopened.close()
  })

  for (const [damage, content] of [
    ['truncated', '{"orama": {"internalDocumentIDStore": '],
    ['not JSON at all', '\u0000\u0001 garbage'],
    ['JSON of another shape', '{"something": "else"}'],
    ['JSON null', 'null'],
  ] as const) {
    it(`ignores a damaged snapshot (${damage}) and starts empty and usable`, async () => {
      const dir = freshDir()
      const seeded = createOramaIndex({ dir })
      await seeded.close()
      writeFileSync(join(dir, 'atoms.orama.json'), content)
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
      let index: SearchIndex | undefined
      try {
        index = createOramaIndex({ dir, saveDelayMs: 60_000 })
        expect(await index.count()).toBe(0)
        await index.upsert(sample)
        expect(await hitIds(index, 'glaciers', ['d1'])).toEqual(['a1', 'a2'])
        await index.flush()
      }
      finally {
        warn.mockRestore()
        await index?.close()
      }
      const repaired = createOramaIndex({ dir })
      expect(await repaired.count()).toBe(3)
      await repaired.close()
    })
  }
})
