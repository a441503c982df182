import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLocalFileStore } from '../../../server/drivers/files/local'
import { createOramaIndex } from '../../../server/drivers/search/orama'
import { createSqliteStore } from '../../../server/drivers/store/sqlite'
import { describeEncoderRefresh } from '../../support/encoder-refresh'

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
