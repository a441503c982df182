import { describe, expect, it } from 'vitest'
import { byteSize } from '../../../shared/utils/byte-size'

describe('byteSize', () => {
  it('gives limits in the binary units they are set in', () => {
    expect(byteSize(10 * 1024 * 1024)).toBe('10 MiB')
    expect(byteSize(1024 * 1024)).toBe('1 MiB')
    expect(byteSize(4096)).toBe('4 KiB')
    expect(byteSize(1536)).toBe('1.5 KiB')
    expect(byteSize(512)).toBe('512 B')
  })
})
