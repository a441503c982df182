import type { Atom } from '#shared/schemas/atom'
import { atomsChanged } from './changes'

let worker: Worker | undefined

/**
 * Keeps a successful read on this device (reads-db.ts) from a worker: loading the device database and
 * writing to it would otherwise take the page's main thread just as the page starts.
 */
export function keepRead(url: string, body: unknown) {
  try {
    worker ??= startWorker()
    worker.postMessage({ url, body })
  }
  catch {
    // No module workers here: keep it from the page instead.
    import('./reads-db').then(({ remember }) => remember(url, body)).then(result => result.atomsChanged && atomsChanged()).catch(() => {})
  }
}

/** Keeps an atom the reader was shown, as if just read from the API. */
export function keepAtom(atom: Atom) {
  keepRead(`/api/v1/atoms/${encodeURIComponent(atom.id)}`, atom)
}

function startWorker() {
  const started = new Worker(new URL('./keep-reads.worker.ts', import.meta.url), { type: 'module' })
  started.addEventListener('message', (event: MessageEvent<{ atomsChanged: boolean }>) => {
    if (event.data.atomsChanged) atomsChanged()
  })
  return started
}
