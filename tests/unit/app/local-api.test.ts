import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it } from 'vitest'
import type { DocumentView } from '../../../shared/schemas/document'
import * as apiRoutes from '../../../shared/api/routes'
import { offlineDatabase } from '../../../app/offline/db'
import { answerOffline, localReads, NotAvailableOffline } from '../../../app/offline/local-api'
import { allOperations } from '../../../server/openapi/operations'

/** The API's reads a page may ask for that this device does not answer offline, and why. */
const onlineOnly: Record<string, string> = {
  getHealth: 'the app\'s own check that the server is reachable',
  getLiveness: 'for the orchestrator\'s probes, not pages',
  getReadiness: 'for the orchestrator\'s probes, not pages',
  getCsrfToken: 'only clients without Origin headers need it, and they change things online',
  getJwks: 'for machine clients, not pages',
  getOpenApiDocument: 'for developers, not pages',
  getApiReference: 'for developers, not pages',
  getApiReferenceAsset: 'for developers, not pages',
  getAuthOptions: 'signing in needs the server',
  getMe: 'the signed-in user is remembered on the device (plugins/offline-session.client.ts)',
  listUsers: 'administration',
  getUser: 'administration',
  getJobs: 'administration',
  listTokens: 'tokens are managed online',
  getMfa: 'second factors are managed online',
  getMfaPolicy: 'administration',
  downloadDocumentFile: 'the uploaded file is not kept on the device',
  listDocumentShares: 'sharing is done online',
  listCollectionShares: 'sharing is done online',
  getTextEncoder: 'read when saving a document for offline use',
  getTextEncoderFile: 'cached by the service worker',
  listDocumentCards: 'read when saving a document for offline use',
  listCards: 'not read by the pages',
  getCard: 'not read by the pages',
  listReviews: 'not read by the pages',
  getProgress: 'the progress page needs the server\'s review log',
  getMySchedule: 'kept on the device by the study store as it is read',
  startSso: 'single sign-on is a trip to the provider',
  finishSso: 'single sign-on is a trip to the provider',
  listIdentities: 'sign-in settings are managed online',
  listSessions: 'sessions are managed online',
  listOAuthClients: 'administration',
}

const operationIdOf = new Map<unknown, string>(Object.entries(apiRoutes).map(([id, route]) => [route, id]))
const answered = localReads.map(({ route }) => operationIdOf.get(route))

describe('the reads answered on the device', () => {
  it('each name an operation of the API, a GET, once', () => {
    const reads = new Map(allOperations.filter(operation => operation.method === 'get').map(operation => [operation.operationId, operation.path]))
    for (const [i, id] of answered.entries()) {
      expect(id, localReads[i]!.route.path).toBeDefined()
      expect(reads.get(id!)).toBe(localReads[i]!.route.path)
    }
    expect(new Set(answered).size).toBe(answered.length)
  })

  it('cover every GET operation but those only answered online', () => {
    const reads = allOperations.filter(operation => operation.method === 'get').map(operation => operation.operationId)
    expect(reads.filter(id => !(id in onlineOnly)).sort()).toEqual([...answered].sort())
    expect(Object.keys(onlineOnly).filter(id => !reads.includes(id))).toEqual([])
  })
})

describe('answering a read offline', () => {
  afterEach(async () => {
    const database = offlineDatabase()
    await Promise.all(database.tables.map(table => table.clear()))
  })

  it('finds the operation by its path, with the path parameter decoded', async () => {
    const view = { id: 'd 1', title: 'Cells' } as DocumentView
    await offlineDatabase().documents.put({ id: 'd 1', view, saved: true })
    expect(await answerOffline('/api/v1/documents/d%201', undefined)).toEqual(view)
    expect(await answerOffline('http://example.test/api/v1/invitations?x=1', undefined)).toEqual({ items: [] })
  })

  it('says what it does not answer is not available offline', async () => {
    await expect(answerOffline('/api/v1/progress', undefined)).rejects.toBeInstanceOf(NotAvailableOffline)
    await expect(answerOffline('/api/v1/documents/', undefined)).rejects.toBeInstanceOf(NotAvailableOffline)
    await expect(answerOffline('/api/v1/documents/missing', undefined)).rejects.toBeInstanceOf(NotAvailableOffline)
  })
})
