// Which kinds of cipher suite a server agrees to: raw TLS 1.2 ClientHellos offering one family at a time (RC4,
// 3DES, export, NULL, anonymous, forward secrecy), as testssl does, so the verdict does not depend on which
// suites the local OpenSSL still carries (Debian's OpenSSL 3 has no 3DES, and Node refuses RC4 outright).
import { randomBytes } from 'node:crypto'
import net from 'node:net'
import type { Result } from '../core/result'
import type { Network, Recorder } from './network'
import { extension, probeHello, u16, u24 } from './tls-versions'

/** The suite families tls.ciphers judges. */
export type SuiteFamily = 'rc4' | '3des' | 'export' | 'null' | 'anonymous' | 'forward-secrecy'

/** The suites offered for each family (IANA ids), with the OpenSSL names testssl prints. */
export const SUITES: Record<SuiteFamily, Record<number, string>> = {
  rc4: {
    0x0005: 'RC4-SHA',
    0x0004: 'RC4-MD5',
    0xc011: 'ECDHE-RSA-RC4-SHA',
    0xc007: 'ECDHE-ECDSA-RC4-SHA',
    0x0066: 'DHE-DSS-RC4-SHA',
    0xc016: 'AECDH-RC4-SHA',
    0x0018: 'ADH-RC4-MD5',
    0x008a: 'PSK-RC4-SHA',
  },
  '3des': {
    0x000a: 'DES-CBC3-SHA',
    0x0016: 'EDH-RSA-DES-CBC3-SHA',
    0x0013: 'EDH-DSS-DES-CBC3-SHA',
    0xc012: 'ECDHE-RSA-DES-CBC3-SHA',
    0xc008: 'ECDHE-ECDSA-DES-CBC3-SHA',
    0xc017: 'AECDH-DES-CBC3-SHA',
    0x001b: 'ADH-DES-CBC3-SHA',
    0x008b: 'PSK-3DES-EDE-CBC-SHA',
  },
  export: {
    0x0003: 'EXP-RC4-MD5',
    0x0006: 'EXP-RC2-CBC-MD5',
    0x0008: 'EXP-DES-CBC-SHA',
    0x000b: 'EXP-DH-DSS-DES-CBC-SHA',
    0x000e: 'EXP-DH-RSA-DES-CBC-SHA',
    0x0011: 'EXP-EDH-DSS-DES-CBC-SHA',
    0x0014: 'EXP-EDH-RSA-DES-CBC-SHA',
    0x0017: 'EXP-ADH-RC4-MD5',
    0x0019: 'EXP-ADH-DES-CBC-SHA',
    0x0062: 'EXP1024-DES-CBC-SHA',
    0x0063: 'EXP1024-DHE-DSS-DES-CBC-SHA',
    0x0064: 'EXP1024-RC4-SHA',
    0x0065: 'EXP1024-DHE-DSS-RC4-SHA',
  },
  null: {
    0x0001: 'NULL-MD5',
    0x0002: 'NULL-SHA',
    0x003b: 'NULL-SHA256',
    0xc006: 'ECDHE-ECDSA-NULL-SHA',
    0xc010: 'ECDHE-RSA-NULL-SHA',
    0xc015: 'AECDH-NULL-SHA',
    0xc001: 'ECDH-ECDSA-NULL-SHA',
    0xc00b: 'ECDH-RSA-NULL-SHA',
    0x002c: 'PSK-NULL-SHA',
    0x00b0: 'PSK-NULL-SHA256',
  },
  anonymous: {
    0x0034: 'ADH-AES128-SHA',
    0x003a: 'ADH-AES256-SHA',
    0x006c: 'ADH-AES128-SHA256',
    0x006d: 'ADH-AES256-SHA256',
    0x00a6: 'ADH-AES128-GCM-SHA256',
    0x00a7: 'ADH-AES256-GCM-SHA384',
    0x0046: 'ADH-CAMELLIA128-SHA',
    0x0089: 'ADH-CAMELLIA256-SHA',
    0x009b: 'ADH-SEED-SHA',
    0x001a: 'ADH-DES-CBC-SHA',
    0xc018: 'AECDH-AES128-SHA',
    0xc019: 'AECDH-AES256-SHA',
  },
  'forward-secrecy': {
    0xc02b: 'ECDHE-ECDSA-AES128-GCM-SHA256',
    0xc02f: 'ECDHE-RSA-AES128-GCM-SHA256',
    0xc02c: 'ECDHE-ECDSA-AES256-GCM-SHA384',
    0xc030: 'ECDHE-RSA-AES256-GCM-SHA384',
    0xcca9: 'ECDHE-ECDSA-CHACHA20-POLY1305',
    0xcca8: 'ECDHE-RSA-CHACHA20-POLY1305',
    0xc023: 'ECDHE-ECDSA-AES128-SHA256',
    0xc027: 'ECDHE-RSA-AES128-SHA256',
    0xc024: 'ECDHE-ECDSA-AES256-SHA384',
    0xc028: 'ECDHE-RSA-AES256-SHA384',
    0xc009: 'ECDHE-ECDSA-AES128-SHA',
    0xc013: 'ECDHE-RSA-AES128-SHA',
    0xc00a: 'ECDHE-ECDSA-AES256-SHA',
    0xc014: 'ECDHE-RSA-AES256-SHA',
    0x009e: 'DHE-RSA-AES128-GCM-SHA256',
    0x009f: 'DHE-RSA-AES256-GCM-SHA384',
    0xccaa: 'DHE-RSA-CHACHA20-POLY1305',
    0x0067: 'DHE-RSA-AES128-SHA256',
    0x006b: 'DHE-RSA-AES256-SHA256',
    0x0033: 'DHE-RSA-AES128-SHA',
    0x0039: 'DHE-RSA-AES256-SHA',
    0x0032: 'DHE-DSS-AES128-SHA',
    0x0038: 'DHE-DSS-AES256-SHA',
  },
}

/** What the server did with a hello offering one family. */
export interface SuiteVerdict {
  accepted: boolean
  /** `server-hello`, `alert`, `closed`, `other-suite`, `garbage`. */
  answer: string
  /** The suite the server picked, by its OpenSSL name. */
  suite?: string
}

/** A TLS 1.2 ClientHello offering exactly `suites`, with the extensions a TLS 1.2 server expects. */
export function suiteHello(suites: readonly number[], serverName?: string): Buffer {
  const extensions: Buffer[] = []
  if (serverName) {
    const name = Buffer.from(serverName, 'ascii')
    const entry = Buffer.concat([Buffer.from([0]), u16(name.length), name])
    extensions.push(extension(0x0000, Buffer.concat([u16(entry.length), entry])))
  }
  const groups = Buffer.concat([0x001d, 0x0017, 0x0018, 0x0019, 0x0100].map(u16))
  extensions.push(extension(0x000a, Buffer.concat([u16(groups.length), groups])))
  extensions.push(extension(0x000b, Buffer.from([1, 0])))
  const sigalgs = Buffer.concat(
    [
      0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601, 0x0203, 0x0201, 0x0402, 0x0202,
    ].map(u16),
  )
  extensions.push(extension(0x000d, Buffer.concat([u16(sigalgs.length), sigalgs])))
  extensions.push(extension(0xff01, Buffer.from([0])))
  const extBlock = Buffer.concat(extensions)
  const cipherBytes = Buffer.concat(suites.map(u16))
  const body = Buffer.concat([
    u16(0x0303),
    randomBytes(32),
    Buffer.from([0]),
    u16(cipherBytes.length),
    cipherBytes,
    Buffer.from([1, 0]),
    u16(extBlock.length),
    extBlock,
  ])
  const handshake = Buffer.concat([Buffer.from([0x01]), u24(body.length), body])
  return Buffer.concat([Buffer.from([0x16]), u16(0x0301), u16(handshake.length), handshake])
}

/** Enough bytes to read the suite of a ServerHello, or an alert. */
export function serverHelloComplete(b: Buffer): boolean {
  if (b[0] === 0x15) return b.length >= 7
  return b.length >= 44 && b.length >= 46 + b[43]!
}

/** Reads which suite a ServerHello picked; refuses one the hello did not offer. */
export function judgeSuiteAnswer(family: SuiteFamily, data: Buffer): SuiteVerdict {
  if (data.length === 0) return { accepted: false, answer: 'closed' }
  if (data[0] === 0x15) return { accepted: false, answer: 'alert' }
  if (data[0] !== 0x16 || data[5] !== 0x02 || !serverHelloComplete(data))
    return { accepted: false, answer: data[0] === 0x16 ? 'closed' : 'garbage' }
  const suite = data.readUInt16BE(44 + data[43]!)
  const name = SUITES[family][suite]
  if (!name)
    return { accepted: false, answer: 'other-suite', suite: `0x${suite.toString(16).padStart(4, '0')}` }
  return { accepted: true, answer: 'server-hello', suite: name }
}

/** Sends a hello offering only the suites of `family` and reports whether the server agreed to one. */
export function probeSuiteFamily(
  network: Network,
  host: string,
  port: number,
  family: SuiteFamily,
  rec: Recorder,
  deadline: number,
): Promise<Result<SuiteVerdict>> {
  return probeHello(
    network,
    { host, port, rec, deadline },
    {
      label: `${family} suites`,
      hello: () => suiteHello(Object.keys(SUITES[family]).map(Number), net.isIP(host) ? undefined : host),
      complete: serverHelloComplete,
      judge: (data) => judgeSuiteAnswer(family, data),
      named: (verdict) => verdict.suite,
    },
  )
}
