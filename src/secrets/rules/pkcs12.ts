// PKCS#12 keystores (.p12/.pfx): a private key and its certificate in one file, found by ASN.1 shape in binary
// files and base64-wrapped in text (a Kubernetes Secret, a CI variable); never by file name alone.
import { readPkcs12, type Pkcs12Info } from '../pkcs12'
import { rnd, type SecretRule, type Verdict } from '../rule'

/** What a keystore's MAC tells the reader of the finding. */
function verdictOf(info: Pkcs12Info | undefined, value: string): Verdict {
  if (!info) return { keep: false, why: 'not-this-rule' }
  const mac = info.mac
  if (mac.kind === 'opened' && mac.password === 'notasecret')
    return {
      keep: true,
      value,
      provider: 'Google Cloud',
      title: 'service-account private key (PKCS#12)',
      note: `its MAC opens with ${mac.why}: the key inside is readable by anyone who has the file`,
    }
  const note =
    mac.kind === 'opened'
      ? `its MAC opens with ${mac.why}: the key inside is readable by anyone who has the file`
      : mac.kind === 'closed'
        ? 'protected by a password that is not a known default; where that password is kept (often beside the file) is exposed too'
        : mac.kind === 'none'
          ? 'it has no MAC, so nothing stops its key being read once its password is guessed or found'
          : `${mac.reason}, so its password was not tried`
  return { keep: true, value, note }
}

/** A keystore's bytes → the verdict on it (binary files). */
function binaryVerdict(bytes: Uint8Array): Verdict | undefined {
  const info = readPkcs12(bytes)
  return info ? verdictOf(info, Buffer.from(bytes).toString('base64')) : undefined
}

/** DER TLV, for the sample keystore (built at load time, so no keystore-shaped literal sits in the source). */
function tlv(tag: number, content: Buffer): Buffer {
  const n = content.length
  const len = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff]
  return Buffer.concat([Buffer.from([tag, ...len]), content])
}

/** A well-formed PFX (no MAC) around random bytes, base64: the shape the rule must find. */
function samplePfx(seed: string): string {
  const oidData = Buffer.from([0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01])
  const body = tlv(0x30, tlv(0x04, Buffer.from(rnd(seed, 600), 'latin1')))
  const authSafe = tlv(0x30, Buffer.concat([oidData, tlv(0xa0, tlv(0x04, body))]))
  return tlv(0x30, Buffer.concat([Buffer.from([0x02, 0x01, 0x03]), authSafe])).toString('base64')
}

export const PKCS12: readonly SecretRule[] = [
  {
    id: 'pkcs12.keystore',
    provider: 'PKCS#12',
    title: 'private key keystore (.p12/.pfx)',
    risk: 'Holds a private key and its certificate: whoever opens it can sign, decrypt or sign in as its owner.',
    // Base64 of `30 82 LL LL 02 01 03 30 82`: SEQUENCE, INTEGER 3, SEQUENCE — every PFX over 255 bytes.
    keywords: ['ibazcc'],
    lead: 6,
    regex: /MII[A-Za-z0-9+/]{2}[AQgw]IBAzCC(?:[A-Za-z0-9+/]|\\n|\r?\n[ \t]*){200,65536}={0,2}/,
    span: 65536,
    priority: 3,
    classify(m) {
      const b64 = m.secret.replace(/\\n|\s/g, '')
      const bytes = Buffer.from(b64, 'base64')
      // The run may run on into other base64; a PFX says its own length, so keep exactly its bytes.
      const total = bytes[1] === 0x82 ? 4 + ((bytes[2]! << 8) | bytes[3]!) : 0
      if (total === 0 || total > bytes.length) return { keep: false, why: 'not-this-rule' }
      const der = bytes.subarray(0, total)
      return verdictOf(readPkcs12(der), der.toString('base64'))
    },
    binary: binaryVerdict,
    rotation: [
      'Revoke the certificate (or, for a Google Cloud .p12 key, delete the service-account key in IAM → Service accounts → Keys).',
      'Issue a new key pair and certificate, store it in a secret manager rather than the repository or web root, and deploy it.',
      'Remove the file from the repository (and its history) or the server, and change any password that was kept beside it.',
    ],
    samples: {
      positive: [
        `keystore.p12: ${samplePfx('p12a')}`,
        `"cert": "${samplePfx('p12b').replace(/(.{64})/g, '$1\\n')}"`,
      ],
      negative: [
        `keystore.p12: MIIJqQIBAzCC${rnd('p12c', 40)}`,
        `MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA${rnd('p12d', 300)}`,
      ],
    },
  },
]
