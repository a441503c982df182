import type { Atom } from '#shared/schemas/atom'
import { getAtom, getDocument } from '#shared/api/routes'
import { fillPath, matchPath } from '#shared/api/paths'
import { atomsChanged } from './changes'

let worker: Worker | undefined

/** Reads worth keeping on the device as they happen: an atom opened, a document's card. */
const keptReads = [getAtom, getDocument]

/**
 * Keeps a successful read on this device (reads-db.ts) from a worker: loading the device database and
 * writing to it would otherwise take the page's main thread just as the page starts. Other reads are ignored.
 * Callers load this module when they first keep a read, so it adds nothing to a page's first load.
 */
export function keepRead(url: string, body: unknown) {
  const path = new URL(url, 'http://local').pathname
  if (!keptReads.some(route => matchPath(route.path, path))) return
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
  keepRead(fillPath(getAtom.path, { id: atom.id }), atom)
}

function startWorker() {
  const started = new Worker(new URL('./keep-reads.worker.ts', import.meta.url), { type: 'module' })
  started.addEventListener('message', (event: MessageEvent<{ atomsChanged: boolean }>) => {
    if (event.data.atomsChanged) atomsChanged()
  })
  return started
}
