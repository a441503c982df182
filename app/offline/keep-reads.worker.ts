import { remember } from './reads-db'

/** The device database's code (Dexie) and its writes for every read kept, away from the page's main thread. */
self.addEventListener('message', async (event: MessageEvent<{ url: string, body: unknown }>) => {
  try {
    self.postMessage(await remember(event.data.url, event.data.body))
  }
  catch (error) {
    // A read not kept is read again from the network next time; nothing else depends on it.
    console.warn('[offline] a read could not be kept on this device', error)
  }
})
