import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Drivers } from '../../../server/drivers'
import type { EventBus } from '../../../server/drivers/events/types'
import { configDefaults } from '../../../server/config'
import { createGraphqlServer, graphqlEndpoint } from '../../../server/graphql/server'
import { publishDocument } from '../../../server/services/documents'
import { createToken, revokeToken } from '../../../server/services/tokens'
import { scopesOfRole } from '../../../shared/schemas/tokens'
import { documentChannel } from '../../../shared/utils/live-channels'
import { makeDocument, makeUser } from '../../contracts/store.contract'
import { closeDrivers, embeddedDrivers } from './support'

let drivers: Drivers
let open: number

/** The bus, counting the subscriptions still open. */
function countingBus(bus: EventBus): EventBus {
  return {
    ...bus,
    kind: bus.kind, publish: bus.publish.bind(bus), close: bus.close.bind(bus),
    async subscribe(channel, listener) {
      const end = await bus.subscribe(channel, listener)
      open++
      return async () => {
        open--
        await end()
      }
    },
  }
}

beforeEach(() => {
  drivers = embeddedDrivers()
  drivers.events = countingBus(drivers.events)
  open = 0
})

afterEach(() => closeDrivers(drivers))

async function until(check: () => boolean) {
  for (let i = 0; i < 100 && !check(); i++) await new Promise(resolve => setTimeout(resolve, 10))
}

describe('GraphQL subscriptions', () => {
  it('sends the document now, then each published change, and leaves the bus when the client hangs up', async () => {
    const owner = await drivers.store.users.create(makeUser())
    const document = makeDocument(owner.id)
    await drivers.store.documents.create(document)
    const server = createGraphqlServer({ drivers, config: configDefaults })
    const hangUp = new AbortController()
    const response = await server.fetch(`http://localhost${graphqlEndpoint}`, {
      method: 'POST', signal: hangUp.signal,
      headers: { 'content-type': 'application/json', 'accept': 'text/event-stream' },
      body: JSON.stringify({ query: `subscription { documentProgress(documentId: "${document.id}") { status progress } }` }),
    }, { actor: owner, scopes: scopesOfRole(owner.role) })
    const reader = response.body!.getReader()
    const decoder = new TextDecoder()
    let text = ''
    /** The next `next` event (skipping keep-alive comments). */
    const next = async (): Promise<string> => {
      while (!text.includes('\n\n')) text += decoder.decode((await reader.read()).value)
      const [event] = text.split('\n\n', 1)
      text = text.slice(event!.length + 2)
      return event!.startsWith('event: next') ? event! : next()
    }
    expect(await next()).toContain('{"data":{"documentProgress":{"status":"queued","progress":0}}}')
    expect(open).toBe(1)
    const updated = await drivers.store.documents.update(document.id, { status: 'processing', progress: 0.5 })
    await publishDocument(drivers, updated!)
    // Messages on other channels do not reach it.
    await drivers.events.publish(documentChannel('another'), { type: 'document', document: { ...updated, status: 'ready' } })
    expect(await next()).toContain('{"data":{"documentProgress":{"status":"processing","progress":0.5}}}')

    hangUp.abort()
    await until(() => open === 0)
    expect(open).toBe(0)
  })

  it('ends a subscription made with an access token once the token is revoked', async () => {
    const owner = await drivers.store.users.create(makeUser())
    const document = makeDocument(owner.id)
    await drivers.store.documents.create(document)
    const { token } = await createToken(drivers.store, owner, { name: 'live', scopes: ['documents:read'], expiresInDays: 1 })
    const server = createGraphqlServer({ drivers, config: { ...configDefaults, liveHeartbeatSeconds: 1 } })
    const response = await server.fetch(`http://localhost${graphqlEndpoint}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept': 'text/event-stream' },
      body: JSON.stringify({ query: `subscription { documentProgress(documentId: "${document.id}") { status } }` }),
    }, { actor: owner, scopes: ['documents:read'], tokenId: token.id })
    const reader = response.body!.getReader()
    const decoder = new TextDecoder()
    let text = ''
    while (!text.includes('documentProgress')) text += decoder.decode((await reader.read()).value)
    await revokeToken(drivers.store, owner, token.id)
    // The stream completes: the reader reaches its end once the token check (every second here) fails.
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += decoder.decode(chunk.value)
    await until(() => open === 0)
    expect(open).toBe(0)
  })
})
