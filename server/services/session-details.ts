import { isIPv4, isIPv6 } from 'node:net'
import Bowser from 'bowser'
import type { SessionDetails } from '../drivers/sessions/types'

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1)
const major = (version: string | undefined) => version?.split('.')[0]

/** "Desktop, macOS 15" and "Firefox 140" from a User-Agent header; what cannot be told says so. */
export function describeUserAgent(userAgent: string | undefined): Pick<SessionDetails, 'device' | 'browser'> {
  if (!userAgent?.trim()) return { device: 'Unknown device', browser: 'Unknown browser' }
  const parsed = Bowser.parse(userAgent)
  const kind = parsed.platform.type ? capitalised(parsed.platform.type) : 'Unknown device'
  const system = [parsed.os.name, parsed.os.versionName ?? major(parsed.os.version)].filter(Boolean).join(' ')
  const browser = [parsed.browser.name, major(parsed.browser.version)].filter(Boolean).join(' ')
  return {
    device: (system ? `${kind}, ${system}` : kind).slice(0, 100),
    browser: (browser || 'Unknown browser').slice(0, 100),
  }
}

/** The eight groups of an IPv6 address, zeros written out. */
function ipv6Groups(address: string): string[] {
  const [head = '', tail] = address.toLowerCase().split('::')
  const left = head ? head.split(':') : []
  const right = tail ? tail.split(':') : []
  const fill = tail === undefined ? [] : Array.from({ length: 8 - left.length - right.length }, () => '0')
  return [...left, ...fill, ...right].map(group => group.replace(/^0+(?=.)/, ''))
}

/**
 * The client's address cut to its network, so a list of sessions tells places apart without keeping where
 * exactly someone was: the /24 of an IPv4 address (203.0.113.x), the /48 of an IPv6 one (2001:db8:1234::/48).
 */
export function maskAddress(address: string | undefined): string {
  const plain = address?.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '')
  if (plain && isIPv4(plain)) return `${plain.split('.').slice(0, 3).join('.')}.x`
  if (plain && isIPv6(plain) && !plain.includes('.')) return `${ipv6Groups(plain).slice(0, 3).join(':')}::/48`
  return 'Unknown place'
}

/** What the owner of a session sees of where it was opened. */
export function sessionDetails(userAgent: string | undefined, address: string | undefined): SessionDetails {
  return { ...describeUserAgent(userAgent), place: maskAddress(address) }
}
