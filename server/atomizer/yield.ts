/**
 * Long CPU work calls the returned function often; it gives the event loop a turn every `sliceMs`, so a
 * server that atomizes in-process keeps answering requests and WebSocket messages meanwhile.
 */
export function cooperative(sliceMs = 15): () => Promise<void> {
  let last = performance.now()
  return async () => {
    if (performance.now() - last < sliceMs) return
    await new Promise(resolve => setImmediate(resolve))
    last = performance.now()
  }
}
