import { addVitePlugin, defineNuxtModule } from '@nuxt/kit'
import type { Plugin } from 'vite'

/** V8's explicit compile hint: compile every function of this file as the file is loaded. */
export const compileHint = '//# allFunctionsCalledOnLoad\n'

interface OutputChunk {
  type: 'chunk'
  isEntry: boolean
  moduleIds: readonly string[]
  code: string
  map: { mappings: string } | null
}

/**
 * Code that runs as the app starts: the entry (Vue, the router, Nuxt, the plugins) and the app's own pages,
 * layouts, components and stores. Libraries loaded on demand (the device database, charts, the graph, the
 * models) are left out: most of their functions never run.
 */
export function runsAtStart(chunk: OutputChunk): boolean {
  return chunk.isEntry || (chunk.moduleIds.length > 0 && chunk.moduleIds.every(id => !id.includes('/node_modules/')))
}

/**
 * Chromium compiles a function the first time it is called, on the main thread, unless told the file's
 * functions all run on load: then it compiles them while the file downloads, on a background thread. On a
 * phone, most of the time spent starting the app and hydrating the page is that first compilation.
 */
export function startupCompileHints(): Plugin {
  return {
    name: 'atomizer:compile-hints',
    apply: 'build',
    generateBundle: {
      // After Vite has written its preload helper at the top of the entry: the hint must be the first line.
      order: 'post',
      handler(_options, bundle) {
        for (const output of Object.values(bundle)) {
          if (output.type !== 'chunk' || !runsAtStart(output) || output.code.startsWith(compileHint)) continue
          output.code = compileHint + output.code
          // One more line at the top: the source map's lines move down by one.
          if (output.map) output.map.mappings = `;${output.map.mappings}`
        }
      },
    },
  }
}

export default defineNuxtModule({
  meta: { name: 'compile-hints' },
  setup() {
    addVitePlugin(startupCompileHints(), { server: false })
  },
})
