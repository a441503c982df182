/**
 * Lets writes run side by side, and a critical section run with none in flight: writes that arrive
 * meanwhile wait until it ends. Used to swap a search index's alias without losing a write in between.
 */
export class WriteBarrier {
  private readonly inFlight = new Set<Promise<unknown>>()
  private closed: Promise<void> | undefined

  async write<T>(operation: () => Promise<T>): Promise<T> {
    while (this.closed) await this.closed
    const running = operation()
    this.inFlight.add(running)
    try {
      return await running
    }
    finally {
      this.inFlight.delete(running)
    }
  }

  async exclusive<T>(section: () => Promise<T>): Promise<T> {
    while (this.closed) await this.closed
    let open!: () => void
    this.closed = new Promise<void>((resolve) => {
      open = resolve
    })
    try {
      await Promise.allSettled([...this.inFlight])
      return await section()
    }
    finally {
      this.closed = undefined
      open()
    }
  }
}
