/**
 * The process's own handlers for errors no request or job caught. They log and count, and the process
 * keeps serving: one bad request must never end it. Libraries may not install their own: TF.js's WASM
 * backend (Emscripten) adds an `uncaughtException` handler that throws again, which ends the process.
 */

type UnhandledKind = 'uncaughtException' | 'unhandledRejection'

const kinds: UnhandledKind[] = ['uncaughtException', 'unhandledRejection']
const counts: Record<UnhandledKind, number> = { uncaughtException: 0, unhandledRejection: 0 }
const handlers = new Map<UnhandledKind, (error: unknown) => void>()

/** How many errors of each kind reached the process since it started. */
export const unhandledErrorCounts = (): Readonly<Record<UnhandledKind, number>> => ({ ...counts })

const isWatched = (event: string | symbol): event is UnhandledKind => kinds.includes(event as UnhandledKind)

/**
 * Installs the handlers (once; later calls change nothing) and removes any other, now and whenever a
 * library adds one later.
 */
export function ownUnhandledErrors(label: string, log: (message: string, error: unknown) => void = console.error): void {
  if (handlers.size > 0) return
  for (const kind of kinds) {
    const handler = (error: unknown) => {
      counts[kind] += 1
      log(`[${label}] ${kind} (${counts[kind]} since start), still serving:`, error)
    }
    handlers.set(kind, handler)
    process.removeAllListeners(kind)
    process.on(kind, handler)
  }
  // 'newListener' fires before the listener is added: take it off once it is in.
  process.on('newListener', (event: string | symbol, listener: (...args: unknown[]) => void) => {
    if (!isWatched(event) || listener === handlers.get(event)) return
    queueMicrotask(() => process.removeListener(event, listener))
  })
}
