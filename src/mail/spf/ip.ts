// Address arithmetic for SPF: strict parsing, CIDR matching, reverse names and the forms macros expand to.
import { isIPv4, isIPv6 } from 'node:net'

/** A connecting or listed address as bytes; IPv4-mapped IPv6 is already folded to IPv4 (RFC 7208 §5). */
export interface SpfAddress {
  family: 4 | 6
  bytes: Uint8Array
}

const QNUM = '(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])'
const IP4_NETWORK = new RegExp(`^${QNUM}\\.${QNUM}\\.${QNUM}\\.${QNUM}$`)

/** The bytes of an RFC 7208 ip4-network (dotted quad, no leading zeros), or undefined. */
export function parseIp4Network(text: string): Uint8Array | undefined {
  if (!IP4_NETWORK.test(text)) return undefined
  return Uint8Array.from(text.split('.').map(Number))
}

/** The 16 bytes of an RFC 4291 §2.2 textual IPv6 address, or undefined. */
export function parseIp6(text: string): Uint8Array | undefined {
  if (text.includes('%') || !isIPv6(text)) return undefined
  const halves = text.split('::')
  if (halves.length > 2) return undefined
  const groups = (part: string): number[] | undefined => {
    if (part === '') return []
    const out: number[] = []
    const pieces = part.split(':')
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i] ?? ''
      if (i === pieces.length - 1 && piece.includes('.')) {
        const v4 = parseIp4Loose(piece)
        if (!v4) return undefined
        out.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0))
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(piece)) return undefined
        out.push(parseInt(piece, 16))
      }
    }
    return out
  }
  const head = groups(halves[0] ?? '')
  const tail = halves.length === 2 ? groups(halves[1] ?? '') : []
  if (!head || !tail) return undefined
  const fill = 8 - head.length - tail.length
  if (halves.length === 2 ? fill < 1 : fill !== 0) return undefined
  const words = [...head, ...new Array<number>(fill).fill(0), ...tail]
  const bytes = new Uint8Array(16)
  words.forEach((w, i) => {
    bytes[i * 2] = w >> 8
    bytes[i * 2 + 1] = w & 0xff
  })
  return bytes
}

function parseIp4Loose(text: string): Uint8Array | undefined {
  if (!isIPv4(text)) return undefined
  return Uint8Array.from(text.split('.').map(Number))
}

/** Parses a connecting address; IPv4-mapped IPv6 (::ffff:a.b.c.d) becomes IPv4. */
export function parseAddress(text: string): SpfAddress | undefined {
  const v4 = parseIp4Loose(text)
  if (v4) return { family: 4, bytes: v4 }
  const v6 = parseIp6(text)
  if (!v6) return undefined
  const mapped = v6.subarray(0, 10).every((b) => b === 0) && v6[10] === 0xff && v6[11] === 0xff
  return mapped ? { family: 4, bytes: v6.slice(12) } : { family: 6, bytes: v6 }
}

/** True when the first `bits` bits of both byte strings agree. */
export function inPrefix(a: Uint8Array, b: Uint8Array, bits: number): boolean {
  if (a.length !== b.length) return false
  const whole = Math.floor(bits / 8)
  for (let i = 0; i < whole; i++) if (a[i] !== b[i]) return false
  const rest = bits % 8
  if (rest === 0) return true
  const mask = (0xff << (8 - rest)) & 0xff
  return ((a[whole] ?? 0) & mask) === ((b[whole] ?? 0) & mask)
}

/** The presentation form of an address: dotted quad, or RFC 5952 compressed lower-case IPv6. */
export function formatAddress(address: SpfAddress): string {
  if (address.family === 4) return Array.from(address.bytes).join('.')
  const words: number[] = []
  for (let i = 0; i < 16; i += 2) words.push(((address.bytes[i] ?? 0) << 8) | (address.bytes[i + 1] ?? 0))
  // RFC 5952 §4.2: compress the longest run of two or more zero words, the first one on a tie.
  let best = -1
  let bestLength = 1
  for (let i = 0; i < 8;) {
    if (words[i] !== 0) {
      i++
      continue
    }
    let j = i
    while (j < 8 && words[j] === 0) j++
    if (j - i > bestLength) {
      best = i
      bestLength = j - i
    }
    i = j
  }
  const hex = words.map((w) => w.toString(16))
  if (best < 0) return hex.join(':')
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLength).join(':')}`
}

/** The "i" macro value: dotted quad, or 32 dot-separated nibbles (upper case, as the RFC 7208 test suite expects). */
export function dottedAddress(address: SpfAddress): string {
  if (address.family === 4) return Array.from(address.bytes).join('.')
  return Array.from(address.bytes, (b) => b.toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase()
    .split('')
    .join('.')
}

/** The PTR owner name of an address (in-addr.arpa or ip6.arpa). */
export function reverseName(address: SpfAddress): string {
  const parts = dottedAddress(address).split('.').reverse().join('.')
  return `${parts}.${address.family === 4 ? 'in-addr' : 'ip6'}.arpa`
}

/** True when two addresses are the same address of the same family. */
export function sameAddress(a: SpfAddress, b: SpfAddress): boolean {
  return a.family === b.family && inPrefix(a.bytes, b.bytes, a.family === 4 ? 32 : 128)
}
