import { describe, expect, it } from 'vitest'
import { renderMarkdown } from '../../../server/atomizer'

const attacks = [
  '<script>alert(1)</script>',
  'Text <script src="https://evil.example/x.js"></script> inline',
  '<img src=x onerror="alert(1)">',
  '<a href="#" onclick="alert(1)">click</a>',
  '[click me](javascript:alert(1))',
  '[click me](JaVaScRiPt:alert(1))',
  '[click me](  javascript:alert(1))',
  '![image](javascript:alert(1))',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<svg onload="alert(1)"><script>alert(2)</script></svg>',
  '[ref link][r]\n\n[r]: javascript:alert(1)',
  '<div style="background:url(javascript:alert(1))">styled</div>',
  '<details open ontoggle="alert(1)">x</details>',
]

describe('renderMarkdown', () => {
  it.each(attacks)('leaves nothing executable in %j', (markdown) => {
    const html = renderMarkdown(markdown).toLowerCase()
    expect(html).not.toContain('<script')
    expect(html).not.toMatch(/\son[a-z]+\s*=/)
    expect(html).not.toContain('javascript:')
    expect(html).not.toContain('<iframe')
    expect(html).not.toContain('style=')
  })

  it('still renders ordinary Markdown', () => {
    const html = renderMarkdown('Some *emphasis*, **strong**, `code` and a [safe link](https://example.com/page).\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |')
    expect(html).toContain('<em>emphasis</em>')
    expect(html).toContain('<strong>strong</strong>')
    expect(html).toContain('<code>code</code>')
    expect(html).toContain('<a href="https://example.com/page">safe link</a>')
    expect(html).toMatch(/<ul>\s*<li>one<\/li>\s*<li>two<\/li>\s*<\/ul>/)
    expect(html).toContain('<table>')
  })

  it('escapes text that looks like HTML inside code', () => {
    expect(renderMarkdown('`<script>alert(1)</script>`')).toBe('<p><code>&#x3C;script>alert(1)&#x3C;/script></code></p>')
  })
})
