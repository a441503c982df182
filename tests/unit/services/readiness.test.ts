import { describe, expect, it } from 'vitest'
import { createOramaIndex } from '../../../server/drivers/search/orama'
import { createSqliteSessions } from '../../../server/drivers/sessions/sqlite'
import { createSqliteStore } from '../../../server/drivers/store/sqlite'
import type { SearchIndex } from '../../../server/drivers/search/types'
import type { SessionStore } from '../../../server/drivers/sessions/types'
import type { DocumentStore } from '../../../server/drivers/store/types'
import { unreadyReason } from '../../../server/services/readiness'

describe('readiness', () => {
  const store: DocumentStore = createSqliteStore(':memory:')
  const search: SearchIndex = createOramaIndex()
  const sessions: SessionStore = createSqliteSessions(':memory:')

  it('is ready when the store, the search index and the session store answer', async () => {
    expect(await unreadyReason({ store, search, sessions })).toBeUndefined()
  })

  it('names each driver that fails, and does not wait for one that hangs', async () => {
    const failingSearch: SearchIndex = { ...search, health: async () => ({ ok: false, detail: 'index closed' }) }
    const hangingSessions: SessionStore = { ...sessions, exists: () => new Promise<boolean>(() => {}) }
    const reason = await unreadyReason({ store, search: failingSearch, sessions: hangingSessions })
    expect(reason).toContain('the search index: index closed')
    expect(reason).toContain('the session store: the session store did not answer within 2000 ms')
    expect(reason).not.toContain('the store:')
  })
})
