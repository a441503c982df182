/**
 * A Bloom filter of character n-grams: which pieces of words a text encoder met in training, in a few tens
 * of kilobytes of its metadata. It never forgets an n-gram it holds; it may claim one it does not hold, at a
 * rate set by its size (under 0.3 % here). Pure, for the server and the browser.
 */
import { fnv1a } from './subwords'

export interface NgramFilterData {
  /** The bit array, base64. */
  bits: string
  /** Bits set per n-gram. */
  hashes: number
}

/** At least this many bits per n-gram (12 to 24, as the size rounds up to a power of two), and the hashes that keep false positives under 0.3 % there. */
const bitsPerNgram = 12
const defaultHashes = 8

/** A second, independent hash: FNV-1a over the n-gram behind a separator no word contains. */
const secondHash = (gram: string) => fnv1a(`\u0000${gram}`) | 1

export class NgramFilter {
  private constructor(private readonly bits: Uint8Array, readonly hashes: number) {}

  /** A filter holding `grams`, sized for their number. */
  static of(grams: Iterable<string>): NgramFilter {
    const distinct = [...new Set(grams)]
    // A power of two, so the positions fall evenly; at least one byte.
    const size = 2 ** Math.max(3, Math.ceil(Math.log2(distinct.length * bitsPerNgram)))
    const filter = new NgramFilter(new Uint8Array(size / 8), defaultHashes)
    for (const gram of distinct) filter.positions(gram).forEach(position => filter.bits[position >>> 3]! |= 1 << (position & 7))
    return filter
  }

  static fromData(data: NgramFilterData): NgramFilter {
    const bytes = Uint8Array.from(atob(data.bits), char => char.charCodeAt(0))
    if (bytes.length === 0 || (bytes.length & (bytes.length - 1)) !== 0) throw new Error('an n-gram filter holds a power-of-two number of bytes')
    return new NgramFilter(bytes, data.hashes)
  }

  toData(): NgramFilterData {
    let binary = ''
    for (const byte of this.bits) binary += String.fromCharCode(byte)
    return { bits: btoa(binary), hashes: this.hashes }
  }

  has(gram: string): boolean {
    return this.positions(gram).every(position => (this.bits[position >>> 3]! & (1 << (position & 7))) !== 0)
  }

  /** Double hashing (Kirsch and Mitzenmacher): k positions from two hashes. */
  private positions(gram: string): number[] {
    const mask = this.bits.length * 8 - 1
    const first = fnv1a(gram)
    const second = secondHash(gram)
    return Array.from({ length: this.hashes }, (_, i) => (first + Math.imul(i, second)) & mask)
  }
}
