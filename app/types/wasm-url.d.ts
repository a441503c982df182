// Vite's `?url` imports of the TF.js WASM binaries (app/offline/encoder.ts): the URL of the emitted asset.
declare module '*.wasm?url' {
  const url: string
  export default url
}
