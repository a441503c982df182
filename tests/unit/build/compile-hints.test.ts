import { describe, expect, it } from 'vitest'
import { compileHint, startupCompileHints } from '../../../modules/compile-hints'

type Output = { type: 'chunk', isEntry: boolean, imports?: string[], moduleIds: string[], code: string, map: { mappings: string } | null } | { type: 'asset', fileName: string }

function generate(bundle: Record<string, Output>) {
  const hook = startupCompileHints().generateBundle as { order: string, handler: (options: unknown, bundle: Record<string, Output>) => void }
  expect(hook.order).toBe('post')
  hook.handler({}, bundle)
  return bundle
}

const chunk = (moduleIds: string[], isEntry = false) => ({ type: 'chunk' as const, isEntry, moduleIds, code: 'const a=1;\nexport{a};', map: { mappings: 'AAAA;AACA' } })

describe('startupCompileHints', () => {
  it('marks the entry and the chunks made only of the app\'s own code, with the hint as their first line', () => {
    const bundle = generate({
      'entry.js': chunk(['/app/node_modules/vue/index.js', '/app/node_modules/nuxt/entry.js'], true),
      'page.js': chunk(['/app/app/pages/index.vue', '/app/app/stores/documents.ts']),
    })
    for (const name of ['entry.js', 'page.js']) {
      const output = bundle[name] as ReturnType<typeof chunk>
      expect(output.code.startsWith(compileHint)).toBe(true)
      expect(output.code.slice(compileHint.length)).toBe('const a=1;\nexport{a};')
      // The source map still points at the right lines: one empty line of mappings comes first.
      expect(output.map?.mappings).toBe(';AAAA;AACA')
    }
  })

  it('marks the chunks the entry imports statically, however deep, as they run at start too', () => {
    const bundle = generate({
      'entry.js': { ...chunk(['/app/node_modules/nuxt/entry.js'], true), imports: ['vue.js'] },
      'vue.js': { ...chunk(['/app/node_modules/@vue/runtime-core/index.js']), imports: ['shared.js'] },
      'shared.js': chunk(['/app/node_modules/@vue/shared/index.js']),
      'dexie.js': chunk(['/app/node_modules/dexie/dist/dexie.mjs']),
    })
    for (const name of ['entry.js', 'vue.js', 'shared.js']) {
      expect((bundle[name] as ReturnType<typeof chunk>).code.startsWith(compileHint)).toBe(true)
    }
    expect((bundle['dexie.js'] as ReturnType<typeof chunk>).code).toBe('const a=1;\nexport{a};')
  })

  it('leaves libraries loaded on demand, assets, and chunks already marked alone', () => {
    const marked = { ...chunk(['/app/app/pages/study.vue']), code: `${compileHint}x` }
    const bundle = generate({
      'dexie.js': chunk(['/app/node_modules/dexie/dist/dexie.mjs', '/app/app/offline/db.ts']),
      'style.css': { type: 'asset', fileName: 'style.css' },
      'study.js': marked,
    })
    expect((bundle['dexie.js'] as ReturnType<typeof chunk>).code).toBe('const a=1;\nexport{a};')
    expect((bundle['study.js'] as ReturnType<typeof chunk>).code).toBe(`${compileHint}x`)
  })
})
