import { describe, expect, it } from 'vitest'
import { describeUserAgent, maskAddress } from '../../../server/services/session-details'

describe('what a session shows of where it was opened', () => {
  it('names the device, system and browser from real User-Agent headers', () => {
    expect(describeUserAgent('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15'))
      .toEqual({ device: 'Desktop, macOS Catalina', browser: 'Safari 17' })
    expect(describeUserAgent('Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36'))
      .toEqual({ device: 'Mobile, Android 14', browser: 'Chrome 131' })
    expect(describeUserAgent('Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0').browser).toBe('Firefox 140')
  })

  it('says what it cannot tell', () => {
    expect(describeUserAgent(undefined)).toEqual({ device: 'Unknown device', browser: 'Unknown browser' })
    expect(describeUserAgent('curl/8.5.0').device).toBe('Unknown device')
  })

  it('masks IPv4 to its /24 and IPv6 to its /48', () => {
    expect(maskAddress('203.0.113.77')).toBe('203.0.113.x')
    expect(maskAddress('::ffff:198.51.100.9')).toBe('198.51.100.x')
    expect(maskAddress('2001:db8:1234:5678::1')).toBe('2001:db8:1234::/48')
    expect(maskAddress('2001:0db8::1')).toBe('2001:db8:0::/48')
    expect(maskAddress('::1')).toBe('0:0:0::/48')
    expect(maskAddress('not an address')).toBe('Unknown place')
    expect(maskAddress(undefined)).toBe('Unknown place')
  })
})
