import { addVitePlugin, defineNuxtModule } from '@nuxt/kit'
import type { Plugin } from 'vite'

/** V8's explicit compile hint: compile every function of this file as the file is loaded. */
export const compileHint = '//# allFunctionsCalledOnLoad\n'

interface OutputChunk {
  type: 'chunk'
  isEntry: boolean
  /** The chunks this one imports statically, by file name. */
  imports?: readonly string[]
  moduleIds: readonly string[]
  code: string
  map: { mappings: string } | null
}

/**
 * The entry and every chunk it imports statically (the bundler may split Vue, the router and Nuxt out of the
 * entry into chunks of their own): all of it runs before the app starts.
 */
export function entryChunks(bundle: Record<string, { type: string }>): Set<string> {
  const found = new Set<string>()
  const visit = (name: string) => {
    const output = bundle[name]
    if (found.has(name) || output?.type !== 'chunk') return
    found.add(name)
    for (const imported of (output as OutputChunk).imports ?? []) visit(imported)
  }
  for (const [name, output] of Object.entries(bundle)) {
    if (output.type === 'chunk' && (output as OutputChunk).isEntry) visit(name)
  }
  return found
}

/**
 * Code that runs as the app starts: the entry and its static imports (Vue, the router, Nuxt, the plugins)
 * and the app's own pages, layouts, components and stores. Libraries loaded on demand (the device database,
 * charts, the graph, the models) are left out: most of their functions never run.
 */
export function runsAtStart(chunk: OutputChunk, startChunks: ReadonlySet<string>, name: string): boolean {
  return startChunks.has(name) || (chunk.moduleIds.length > 0 && chunk.moduleIds.every(id => !id.includes('/node_modules/')))
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
        const startChunks = entryChunks(bundle)
        for (const [name, output] of Object.entries(bundle)) {
          if (output.type !== 'chunk' || !runsAtStart(output, startChunks, name) || output.code.startsWith(compileHint)) continue
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
