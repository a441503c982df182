import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createLocalFileStore } from '../../../server/drivers/files/local'
import { createOramaIndex } from '../../../server/drivers/search/orama'
import { createSqliteStore } from '../../../server/drivers/store/sqlite'
import { retrainDue, trainingEpochs } from '../../../server/ml/embeddings/refresh'
import { describeEncoderRefresh } from '../../support/encoder-refresh'

describe('the growth rule', () => {
  it('retrains once the settled number of atoms, and a quarter of what the encoder learned from, were added', () => {
    expect(retrainDue({ atoms: 1999, trainedOn: 0, threshold: 2000 })).toBe(false)
    expect(retrainDue({ atoms: 2000, trainedOn: 0, threshold: 2000 })).toBe(true)
    expect(retrainDue({ atoms: 12_000, trainedOn: 10_000, threshold: 2000 })).toBe(false)
    expect(retrainDue({ atoms: 12_500, trainedOn: 10_000, threshold: 2000 })).toBe(true)
    // Fewer atoms than it learned from (documents removed): nothing new to learn.
    expect(retrainDue({ atoms: 100, trainedOn: 5000, threshold: 10 })).toBe(false)
    // 0 turns retraining off.
    expect(retrainDue({ atoms: 1_000_000, trainedOn: 0, threshold: 0 })).toBe(false)
  })

  it('trains fewer epochs on more text, between 2 and 12', () => {
    expect(trainingEpochs(1000)).toBe(12)
    expect(trainingEpochs(20_000)).toBe(12)
    expect(trainingEpochs(60_000)).toBe(4)
    expect(trainingEpochs(10_000_000)).toBe(2)
  })
})

describeEncoderRefresh('embedded drivers', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'atomizer-refresh-'))
  const drivers = {
    store: createSqliteStore(join(folder, 'store.sqlite')),
    search: createOramaIndex(),
    files: createLocalFileStore(join(folder, 'files')),
  }
  return {
    drivers,
    async close() {
      await Promise.all([drivers.store.close(), drivers.search.close()])
      rmSync(folder, { recursive: true, force: true })
    },
  }
})
