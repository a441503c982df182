import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { EventBus } from '../../server/drivers/events/types'
import { eventually } from '../support/wait'

/** Collects what a subscription receives. */
function recorder() {
  const received: unknown[] = []
  return { received, listener: (message: unknown) => void received.push(message) }
}

/** What every `EventBus` driver must do. `create` returns a fresh bus; the suite closes it after each test. */
export function describeEventBusContract(name: string, create: () => Promise<EventBus> | EventBus) {
  describe(`EventBus contract: ${name}`, () => {
    let bus: EventBus

    beforeEach(async () => {
      bus = await create()
    })

    afterEach(async () => {
      await bus.close()
    })

    it('delivers a published message to every subscriber of the channel', async () => {
      const first = recorder()
      const second = recorder()
      await bus.subscribe('document:1', first.listener)
      await bus.subscribe('document:1', second.listener)
      await bus.publish('document:1', { type: 'document', progress: 0.5 })
      await eventually(() => expect(first.received).toEqual([{ type: 'document', progress: 0.5 }]))
      await eventually(() => expect(second.received).toEqual([{ type: 'document', progress: 0.5 }]))
    })

    it('does not deliver to subscribers of other channels', async () => {
      const here = recorder()
      const elsewhere = recorder()
      await bus.subscribe('document:1', here.listener)
      await bus.subscribe('document:2', elsewhere.listener)
      await bus.publish('document:1', 'for one')
      await bus.publish('document:2', 'barrier')
      await eventually(() => expect(here.received).toEqual(['for one']))
      await eventually(() => expect(elsewhere.received).toEqual(['barrier']))
      expect(elsewhere.received).not.toContain('for one')
    })

    it('keeps the order of messages published on one channel', async () => {
      const { received, listener } = recorder()
      await bus.subscribe('ordered', listener)
      const sent = Array.from({ length: 25 }, (_, i) => ({ progress: i / 24 }))
      for (const message of sent) await bus.publish('ordered', message)
      await eventually(() => expect(received).toEqual(sent))
    })

    it('stops delivery to a subscriber that unsubscribed, and only to that one', async () => {
      const leaving = recorder()
      const staying = recorder()
      const unsubscribe = await bus.subscribe('document:1', leaving.listener)
      await bus.subscribe('document:1', staying.listener)
      await bus.publish('document:1', 'before')
      await eventually(() => expect(leaving.received).toEqual(['before']))
      await unsubscribe()
      await bus.publish('document:1', 'after')
      await eventually(() => expect(staying.received).toEqual(['before', 'after']))
      expect(leaving.received).toEqual(['before'])
    })

    it('tolerates unsubscribing twice without affecting later subscribers', async () => {
      const early = recorder()
      const late = recorder()
      const unsubscribe = await bus.subscribe('document:1', early.listener)
      await unsubscribe()
      await bus.subscribe('document:1', late.listener)
      await unsubscribe()
      await bus.publish('document:1', 'still delivered')
      await eventually(() => expect(late.received).toEqual(['still delivered']))
      expect(early.received).toEqual([])
    })

    it('delivers copies: neither the publisher nor another subscriber can change what one receives', async () => {
      const first = recorder()
      const second = recorder()
      await bus.subscribe('copies', first.listener)
      await bus.subscribe('copies', second.listener)
      const message = { type: 'atoms', atoms: [{ id: 'a1', title: 'Original' }] }
      await bus.publish('copies', message)
      message.atoms[0]!.title = 'changed by the publisher'
      await eventually(() => expect(first.received).toHaveLength(1))
      await eventually(() => expect(second.received).toHaveLength(1))
      const got = first.received[0] as typeof message
      got.atoms[0]!.title = 'changed by a subscriber'
      expect(second.received[0]).toEqual({ type: 'atoms', atoms: [{ id: 'a1', title: 'Original' }] })
      expect(second.received[0]).not.toBe(first.received[0])
    })

    it('publishes to a channel without subscribers without an error', async () => {
      await expect(bus.publish('nobody-listens', { any: 'thing' })).resolves.toBeUndefined()
    })
  })
}
