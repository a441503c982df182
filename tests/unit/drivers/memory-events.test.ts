import { describe, expect, it, vi } from 'vitest'
import { createMemoryEventBus } from '../../../server/drivers/events/memory'
import { eventually } from '../../support/wait'
import { describeEventBusContract } from '../../contracts/events.contract'

describeEventBusContract('memory', () => createMemoryEventBus())

describe('memory event bus', () => {
  it('delivers asynchronously, as over a network, not inside publish', async () => {
    const bus = createMemoryEventBus()
    const received: unknown[] = []
    await bus.subscribe('c', message => received.push(message))
    const publishing = bus.publish('c', 1)
    expect(received).toEqual([])
    await publishing
    await eventually(() => expect(received).toEqual([1]))
    await bus.close()
  })

  it('keeps delivering to other listeners when one throws', async () => {
    const bus = createMemoryEventBus()
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    const received: unknown[] = []
    await bus.subscribe('c', () => {
      throw new Error('listener bug')
    })
    await bus.subscribe('c', message => received.push(message))
    await bus.publish('c', 'hello')
    await eventually(() => expect(received).toEqual(['hello']))
    await eventually(() => expect(error).toHaveBeenCalled())
    error.mockRestore()
    await bus.close()
  })

  it('drops every subscription on close', async () => {
    const bus = createMemoryEventBus()
    const received: unknown[] = []
    await bus.subscribe('c', message => received.push(message))
    await bus.close()
    await bus.publish('c', 'after close')
    const barrier: unknown[] = []
    await bus.subscribe('barrier', message => barrier.push(message))
    await bus.publish('barrier', 'done')
    await eventually(() => expect(barrier).toEqual(['done']))
    expect(received).toEqual([])
  })
})
