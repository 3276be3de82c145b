// PKCS#12 (.p12/.pfx) keystores recognised by their ASN.1 shape (RFC 7292), not their file name, and their MAC
// tried with the passwords everyone knows (GCP's `notasecret`, an empty one): such a keystore opens for anyone.
import * as asn1js from 'asn1js'
import { createHash, createHmac, hash as digestOf, timingSafeEqual } from 'node:crypto'

const DATA = '1.2.840.113549.1.7.1'
const SIGNED_DATA = '1.2.840.113549.1.7.2'

/** MAC digest algorithms (OID → node name and block size in bytes, for the RFC 7292 appendix B key). */
const DIGESTS: Record<string, { name: string; block: number }> = {
  '1.3.14.3.2.26': { name: 'sha1', block: 64 },
  '2.16.840.1.101.3.4.2.4': { name: 'sha224', block: 64 },
  '2.16.840.1.101.3.4.2.1': { name: 'sha256', block: 64 },
  '2.16.840.1.101.3.4.2.2': { name: 'sha384', block: 128 },
  '2.16.840.1.101.3.4.2.3': { name: 'sha512', block: 128 },
}

/** Above this MAC iteration count the passwords are not tried: a crafted file must not stall the scan. */
export const MAX_MAC_ITERATIONS = 100_000

/** Passwords that open keystores nobody meant to be open (tried against the MAC only, never to decrypt). */
const KNOWN_PASSWORDS: readonly { password: string; why: string }[] = [
  {
    password: 'notasecret',
    why: 'notasecret, the password Google Cloud gives every service-account .p12 key',
  },
  { password: '', why: 'an empty password' },
  { password: 'changeit', why: 'changeit, the Java keystore default' },
  { password: 'password', why: '"password"' },
]

/** What a PKCS#12 keystore's MAC says about its password. */
export type Pkcs12Mac =
  | { kind: 'none' }
  | { kind: 'opened'; password: string; why: string; digest: string }
  | { kind: 'closed'; digest: string; iterations: number }
  | { kind: 'not-tried'; digest: string; iterations: number; reason: string }

/** A keystore read from DER/BER bytes: its size and what its MAC says. */
export interface Pkcs12Info {
  bytes: number
  mac: Pkcs12Mac
}

/**
 * The keystore these bytes are, or undefined: the whole input must be one PFX (version 3, an authSafe of
 * type data or signedData, an optional MacData); a truncated, padded or random file is not one.
 */
export function readPkcs12(bytes: Uint8Array): Pkcs12Info | undefined {
  if (!startsLikePfx(bytes)) return undefined
  const copy = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
  const parsed = asn1js.fromBER(copy)
  if (parsed.offset !== bytes.byteLength || parsed.result.error) return undefined
  const pfx = parsed.result
  if (!(pfx instanceof asn1js.Sequence)) return undefined
  const [version, authSafe, macData, ...rest] = pfx.valueBlock.value
  if (rest.length > 0 || !(version instanceof asn1js.Integer) || version.valueBlock.valueDec !== 3)
    return undefined
  if (!(authSafe instanceof asn1js.Sequence)) return undefined
  const [type, wrapped] = authSafe.valueBlock.value
  if (!(type instanceof asn1js.ObjectIdentifier)) return undefined
  const contentType = type.getValue()
  if (contentType !== DATA && contentType !== SIGNED_DATA) return undefined
  if (
    !(wrapped instanceof asn1js.Constructed) ||
    wrapped.idBlock.tagClass !== 3 ||
    wrapped.idBlock.tagNumber !== 0
  )
    return undefined
  const inner = wrapped.valueBlock.value[0]
  if (contentType === DATA && !(inner instanceof asn1js.OctetString)) return undefined
  if (contentType === SIGNED_DATA && !(inner instanceof asn1js.Sequence)) return undefined
  if (macData === undefined) return { bytes: bytes.byteLength, mac: { kind: 'none' } }
  if (!(inner instanceof asn1js.OctetString)) return undefined
  const mac = readMac(macData, Buffer.from(inner.getValue()))
  return mac ? { bytes: bytes.byteLength, mac } : undefined
}

/** A cheap look at the first bytes: SEQUENCE, then INTEGER 3 — before any parse. */
function startsLikePfx(b: Uint8Array): boolean {
  if (b.length < 32 || b[0] !== 0x30) return false
  const l = b[1]!
  const header = l === 0x80 ? 2 : l < 0x80 ? 2 : l <= 0x84 ? 2 + (l & 0x7f) : 0
  return header > 0 && b[header] === 0x02 && b[header + 1] === 0x01 && b[header + 2] === 0x03
}

function readMac(block: asn1js.AsnType, content: Buffer): Pkcs12Mac | undefined {
  if (!(block instanceof asn1js.Sequence)) return undefined
  const [digestInfo, saltBlock, iterBlock] = block.valueBlock.value
  if (!(digestInfo instanceof asn1js.Sequence) || !(saltBlock instanceof asn1js.OctetString)) return undefined
  const [algorithm, digestBlock] = digestInfo.valueBlock.value
  if (!(algorithm instanceof asn1js.Sequence) || !(digestBlock instanceof asn1js.OctetString))
    return undefined
  const oid = algorithm.valueBlock.value[0]
  if (!(oid instanceof asn1js.ObjectIdentifier)) return undefined
  if (iterBlock !== undefined && !(iterBlock instanceof asn1js.Integer)) return undefined
  const iterations = iterBlock ? iterBlock.valueBlock.valueDec : 1
  const digest = DIGESTS[oid.getValue()]
  if (!digest)
    return {
      kind: 'not-tried',
      digest: oid.getValue(),
      iterations,
      reason: 'its MAC algorithm is not one we know',
    }
  if (!(iterations >= 1 && iterations <= MAX_MAC_ITERATIONS))
    return {
      kind: 'not-tried',
      digest: digest.name,
      iterations,
      reason: `its MAC iteration count (${iterations}) is above ${MAX_MAC_ITERATIONS}`,
    }
  const expected = Buffer.from(digestBlock.getValue())
  const salt = Buffer.from(saltBlock.getValue())
  for (const known of KNOWN_PASSWORDS) {
    // An empty password is written as just the two-byte terminator by openssl, as nothing at all by some others.
    const forms = known.password ? [bmp(known.password)] : [bmp(''), Buffer.alloc(0)]
    for (const form of forms) {
      const key = macKey(digest.name, digest.block, form, salt, iterations)
      const mac = createHmac(digest.name, key).update(content).digest()
      if (mac.length === expected.length && timingSafeEqual(mac, expected))
        return { kind: 'opened', password: known.password, why: known.why, digest: digest.name }
    }
  }
  return { kind: 'closed', digest: digest.name, iterations }
}

/** A password as a BMPString with its two-byte terminator (RFC 7292 B.1). */
function bmp(password: string): Buffer {
  const out = Buffer.alloc(password.length * 2 + 2)
  for (let i = 0; i < password.length; i++) out.writeUInt16BE(password.charCodeAt(i), i * 2)
  return out
}

/** The MAC key of RFC 7292 appendix B.2 (ID 3), one hash output long. */
function macKey(hash: string, v: number, password: Buffer, salt: Buffer, iterations: number): Buffer {
  const fill = (b: Buffer): Buffer => {
    const out = Buffer.alloc(b.length === 0 ? 0 : v * Math.ceil(b.length / v))
    for (let i = 0; i < out.length; i++) out[i] = b[i % b.length]!
    return out
  }
  let a = createHash(hash).update(Buffer.alloc(v, 3)).update(fill(salt)).update(fill(password)).digest()
  for (let i = 1; i < iterations; i++) a = digestOf(hash, a, 'buffer')
  return a
}
